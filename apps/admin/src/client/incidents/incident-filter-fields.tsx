import type { ReactElement } from "react";
import { CATEGORY_CODES, INCIDENT_STATUSES } from "../api/incidents.js";
import { SelectField } from "../forms/fields.js";
import type { DeskMessages } from "./desk-messages.js";

/**
 * The incident filters the queue and the map share — status, department, category — as select fields named as the
 * API's query parameters, each with «any» first. `idPrefix` keeps the ids of two forms on one page apart.
 */
export function IncidentFilterFields({
  idPrefix,
  filter,
  text,
  departments,
}: {
  idPrefix: string;
  filter: { status?: string | undefined; departmentId?: string | undefined; category?: string | undefined };
  text: DeskMessages;
  departments: { value: string; label: string }[];
}): ReactElement {
  return (
    <>
      <SelectField
        id={`${idPrefix}-status`}
        name="status"
        label={text.status}
        emptyLabel={text.any}
        defaultValue={filter.status}
        choices={INCIDENT_STATUSES.map((status) => ({ value: status, label: text.statuses[status] }))}
      />
      <SelectField
        id={`${idPrefix}-department`}
        name="departmentId"
        label={text.department}
        emptyLabel={text.anyNeuter}
        defaultValue={filter.departmentId}
        choices={departments}
      />
      <SelectField
        id={`${idPrefix}-category`}
        name="category"
        label={text.category}
        emptyLabel={text.anyFeminine}
        defaultValue={filter.category}
        choices={CATEGORY_CODES.map((code) => ({ value: code, label: text.categories[code] }))}
      />
    </>
  );
}
