import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactElement, useState } from "react";
import { errorMessage } from "../../api/api-client.js";
import { FormAlert, FormStatus } from "../../forms/fields.js";
import { useLanguage } from "../../language/language.js";
import { useApi } from "../../session/session.js";
import { LoadFailed, Loading, PageHeading } from "../../shell/panels.js";
import { deskSettingsMessages } from "../desk-settings-messages.js";
import { useAllDepartments } from "../organisation/organisation-queries.js";
import { settingsMessages } from "../settings-messages.js";

interface DepartmentRef {
  id: string;
  shortName: string;
  name: string;
}

/** `GET /api/v1/settings/routing`. */
export interface RoutingTable {
  categories: {
    code: string;
    name: { ru: string; en: string };
    routingKey: string;
    kind: "department" | "external";
    department: DepartmentRef | null;
  }[];
  keys: {
    key: string;
    kind: "department" | "external";
    shortName: string;
    categories: string[];
    dutyDispatch: boolean;
    department: DepartmentRef | null;
  }[];
  unroutedKeys: string[];
}

const ROUTING_KEY = ["settings", "routing"] as const;

/** Categories and routing: each category's department, changed per routing key; keys without one are warned of. */
export default function RoutingScreen(): ReactElement {
  const api = useApi();
  const queryClient = useQueryClient();
  const { language } = useLanguage();
  const text = deskSettingsMessages(language);
  const common = settingsMessages(language);
  const [notice, setNotice] = useState("");
  const routing = useQuery({
    queryKey: ROUTING_KEY,
    queryFn: () => api.get<RoutingTable>("/api/v1/settings/routing"),
  });
  const departments = useAllDepartments();
  const change = useMutation({
    mutationFn: (input: { key: string; departmentId: string }) =>
      api.put<RoutingTable>(`/api/v1/settings/routing/keys/${encodeURIComponent(input.key)}`, {
        departmentId: input.departmentId,
      }),
    onSuccess: (table, input) => {
      queryClient.setQueryData(ROUTING_KEY, table);
      const department = table.keys.find((key) => key.key === input.key)?.department;
      setNotice(text.routeSaved(input.key, department?.shortName ?? input.departmentId));
    },
  });

  if (routing.isPending || departments.isPending) {
    return (
      <section className="panel wide">
        <PageHeading>{common.screens.routing}</PageHeading>
        <Loading />
      </section>
    );
  }
  if (routing.isError || departments.isError) {
    const error = routing.error ?? departments.error;
    return (
      <section className="panel wide">
        <PageHeading>{common.screens.routing}</PageHeading>
        <LoadFailed
          error={error}
          onRetry={() => {
            void routing.refetch();
            void departments.refetch();
          }}
        />
      </section>
    );
  }

  const table = routing.data;
  const choices = departments.data.items.map((department) => ({
    value: department.id,
    label: department.shortName,
  }));
  const categoryName = (code: string) =>
    table.categories.find((category) => category.code === code)?.name[language] ?? code;
  const dispatch = table.keys.find((key) => key.dutyDispatch);

  function submit(event: FormEvent<HTMLFormElement>, key: string): void {
    event.preventDefault();
    const departmentId = new FormData(event.currentTarget).get("departmentId");
    if (typeof departmentId !== "string" || departmentId === "") return;
    setNotice("");
    change.mutate({ key, departmentId });
  }

  return (
    <section className="panel wide">
      <PageHeading>{common.screens.routing}</PageHeading>
      <p>{text.routingIntro}</p>
      {table.unroutedKeys.length > 0 && (
        <div className="warnings" data-testid="unrouted-keys">
          <h2>{text.unroutedHeading}</h2>
          <ul>
            {table.unroutedKeys.map((key) => {
              const entry = table.keys.find((candidate) => candidate.key === key);
              const names = (entry?.categories ?? []).map((code) => `«${categoryName(code)}»`).join(", ");
              return <li key={key}>{text.unroutedText(key, names)}</li>;
            })}
          </ul>
        </div>
      )}
      <FormStatus>{notice}</FormStatus>
      <FormAlert>{change.isError ? errorMessage(change.error, language) : undefined}</FormAlert>
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">{common.screens.routing}</caption>
          <thead>
            <tr>
              <th scope="col">{text.category}</th>
              <th scope="col">{text.otherName}</th>
              <th scope="col">{text.code}</th>
              <th scope="col">{text.routingKey}</th>
              <th scope="col">{text.department}</th>
              <th scope="col">{text.change}</th>
            </tr>
          </thead>
          <tbody>
            {table.categories.map((category) => {
              const name = category.name[language];
              const shared = (table.keys.find((key) => key.key === category.routingKey)?.categories ?? [])
                .filter((code) => code !== category.code)
                .map(categoryName);
              return (
                <tr key={category.code} data-testid={`route-${category.code}`}>
                  <th scope="row">{name}</th>
                  <td lang={language === "ru" ? "en" : "ru"}>
                    {category.name[language === "ru" ? "en" : "ru"]}
                  </td>
                  <td>
                    <code>{category.code}</code>
                  </td>
                  <td>
                    <code>{category.routingKey}</code>
                  </td>
                  <td data-testid={`route-${category.code}-department`}>
                    {category.kind === "external"
                      ? text.external(
                          table.keys.find((key) => key.key === category.routingKey)?.shortName ?? "",
                        )
                      : (category.department?.shortName ?? <strong>{text.noDepartment}</strong>)}
                  </td>
                  <td>
                    {category.kind === "department" && (
                      <form
                        key={category.department?.id ?? "none"}
                        className="inline-form"
                        aria-label={text.routeFor(name)}
                        onSubmit={(event) => submit(event, category.routingKey)}
                      >
                        <label htmlFor={`route-${category.code}-select`} className="visually-hidden">
                          {text.departmentFor(name)}
                        </label>
                        <select
                          id={`route-${category.code}-select`}
                          name="departmentId"
                          defaultValue={category.department?.id ?? ""}
                          aria-describedby={shared.length > 0 ? `route-${category.code}-shared` : undefined}
                        >
                          <option value="">{text.chooseDepartment}</option>
                          {choices.map((choice) => (
                            <option key={choice.value} value={choice.value}>
                              {choice.label}
                            </option>
                          ))}
                        </select>{" "}
                        <button type="submit" disabled={change.isPending}>
                          {text.save}
                        </button>
                        {shared.length > 0 && (
                          <span id={`route-${category.code}-shared`} className="hint">
                            {" "}
                            {text.sharedWith(shared.join(", "))}
                          </span>
                        )}
                      </form>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {dispatch && (
        <form
          key={dispatch.department?.id ?? "none"}
          className="settings-form"
          aria-labelledby="duty-dispatch-heading"
          onSubmit={(event) => submit(event, dispatch.key)}
        >
          <h2 id="duty-dispatch-heading">{text.dutyHeading}</h2>
          <p>{text.dutyText}</p>
          <div className="field">
            <label htmlFor="duty-dispatch-select">{text.dutyDepartment}</label>
            <select
              id="duty-dispatch-select"
              name="departmentId"
              defaultValue={dispatch.department?.id ?? ""}
            >
              <option value="">{text.chooseDepartment}</option>
              {choices.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" disabled={change.isPending}>
            {text.save}
          </button>
        </form>
      )}
    </section>
  );
}
