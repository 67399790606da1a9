import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactElement, useState } from "react";
import { errorMessage, fieldErrors } from "../../api/api-client.js";
import type { Department, Official } from "../../api/identity.js";
import { FormAlert, FormStatus, SelectField, TextField, textOf } from "../../forms/fields.js";
import { useLanguage } from "../../language/language.js";
import { useApi } from "../../session/session.js";
import { LoadFailed, Loading, PageHeading } from "../../shell/panels.js";
import { settingsMessages } from "../settings-messages.js";
import { useAllDepartments, useAllOfficials } from "./organisation-queries.js";

/** A create form that posts its fields and reports field errors from the API. */
function useCreate<Created>(path: string, invalidate: string, onCreated: (created: Created) => void) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<Created>(path, body),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: [invalidate] });
      onCreated(created);
    },
  });
}

/** Departments of the administration and the deputy heads overseeing them. */
export default function OrganisationScreen(): ReactElement {
  const { language } = useLanguage();
  const text = settingsMessages(language);
  const departments = useAllDepartments();
  const officials = useAllOfficials();
  const [notice, setNotice] = useState("");
  const [formKeys, setFormKeys] = useState({ department: 0, official: 0 });

  const createDepartment = useCreate<Department>("/api/v1/departments", "departments", (created) => {
    setNotice(text.departmentCreated(created.name));
    setFormKeys((keys) => ({ ...keys, department: keys.department + 1 }));
  });
  const createOfficial = useCreate<Official>("/api/v1/officials", "officials", (created) => {
    setNotice(text.officialCreated(created.fullName));
    setFormKeys((keys) => ({ ...keys, official: keys.official + 1 }));
  });
  const departmentFields = fieldErrors(createDepartment.error, language);
  const officialFields = fieldErrors(createOfficial.error, language);

  const officialName = (id: string | null) =>
    id ? (officials.data?.items.find((official) => official.id === id)?.fullName ?? id) : text.none;
  const departmentNames = (ids: string[]) =>
    ids
      .map((id) => departments.data?.items.find((department) => department.id === id)?.shortName ?? id)
      .join(", ") || text.none;

  function submitDepartment(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    createDepartment.mutate({
      name: textOf(form, "name") ?? "",
      shortName: textOf(form, "shortName") ?? "",
      officialId: textOf(form, "officialId") ?? null,
      contacts: { phone: textOf(form, "phone") ?? null, email: textOf(form, "email") ?? null },
    });
  }

  function submitOfficial(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    createOfficial.mutate({
      fullName: textOf(form, "fullName") ?? "",
      position: textOf(form, "position") ?? "",
      email: textOf(form, "email") ?? null,
      phone: textOf(form, "phone") ?? null,
    });
  }

  return (
    <section className="panel wide">
      <PageHeading>{text.screens.organisation}</PageHeading>
      <FormStatus>{notice}</FormStatus>

      <h2 id="departments-heading">{text.departments}</h2>
      {departments.isPending ? (
        <Loading />
      ) : departments.isError ? (
        <LoadFailed error={departments.error} onRetry={() => void departments.refetch()} />
      ) : (
        <div className="table-scroll">
          <table aria-labelledby="departments-heading">
            <thead>
              <tr>
                <th scope="col">{text.department}</th>
                <th scope="col">{text.shortName}</th>
                <th scope="col">{text.official}</th>
                <th scope="col">{text.phone}</th>
              </tr>
            </thead>
            <tbody>
              {departments.data.items.map((department) => (
                <tr key={department.id}>
                  <th scope="row">{department.name}</th>
                  <td>{department.shortName}</td>
                  <td>{officialName(department.officialId)}</td>
                  <td>{department.contacts.phone ?? text.none}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form
        key={`department-${formKeys.department}`}
        onSubmit={submitDepartment}
        noValidate
        aria-labelledby="new-department-heading"
        className="settings-form"
      >
        <h3 id="new-department-heading">{text.newDepartment}</h3>
        <FormAlert>
          {createDepartment.isError && !Object.keys(departmentFields).length
            ? errorMessage(createDepartment.error, language)
            : undefined}
        </FormAlert>
        <TextField
          id="new-department-name"
          name="name"
          label={text.department}
          error={departmentFields.name}
        />
        <TextField
          id="new-department-short-name"
          name="shortName"
          label={text.shortName}
          error={departmentFields.shortName}
        />
        <SelectField
          id="new-department-official"
          name="officialId"
          label={text.official}
          emptyLabel={text.none}
          choices={(officials.data?.items ?? []).map((official) => ({
            value: official.id,
            label: official.fullName,
          }))}
          error={departmentFields.officialId}
        />
        <TextField
          id="new-department-phone"
          name="phone"
          type="tel"
          label={text.phone}
          error={departmentFields["contacts.phone"]}
        />
        <TextField
          id="new-department-email"
          name="email"
          type="email"
          label={text.email}
          error={departmentFields["contacts.email"]}
        />
        <button type="submit" className="primary" disabled={createDepartment.isPending}>
          {text.createDepartment}
        </button>
      </form>

      <h2 id="officials-heading">{text.officials}</h2>
      {officials.isPending ? (
        <Loading />
      ) : officials.isError ? (
        <LoadFailed error={officials.error} onRetry={() => void officials.refetch()} />
      ) : (
        <div className="table-scroll">
          <table aria-labelledby="officials-heading">
            <thead>
              <tr>
                <th scope="col">{text.fullName}</th>
                <th scope="col">{text.position}</th>
                <th scope="col">{text.oversees}</th>
                <th scope="col">{text.phone}</th>
              </tr>
            </thead>
            <tbody>
              {officials.data.items.map((official) => (
                <tr key={official.id}>
                  <th scope="row">{official.fullName}</th>
                  <td>{official.position}</td>
                  <td>{departmentNames(official.departmentIds)}</td>
                  <td>{official.phone ?? text.none}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form
        key={`official-${formKeys.official}`}
        onSubmit={submitOfficial}
        noValidate
        aria-labelledby="new-official-heading"
        className="settings-form"
      >
        <h3 id="new-official-heading">{text.newOfficial}</h3>
        <FormAlert>
          {createOfficial.isError && !Object.keys(officialFields).length
            ? errorMessage(createOfficial.error, language)
            : undefined}
        </FormAlert>
        <TextField
          id="new-official-name"
          name="fullName"
          label={text.fullName}
          error={officialFields.fullName}
        />
        <TextField
          id="new-official-position"
          name="position"
          label={text.position}
          error={officialFields.position}
        />
        <TextField
          id="new-official-email"
          name="email"
          type="email"
          label={text.email}
          error={officialFields.email}
        />
        <TextField
          id="new-official-phone"
          name="phone"
          type="tel"
          label={text.phone}
          error={officialFields.phone}
        />
        <button type="submit" className="primary" disabled={createOfficial.isPending}>
          {text.createOfficial}
        </button>
      </form>
    </section>
  );
}
