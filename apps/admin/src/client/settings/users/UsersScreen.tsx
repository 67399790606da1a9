import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactElement, useState } from "react";
import { errorMessage, fieldErrors } from "../../api/api-client.js";
import { type Page, ROLES, type Role, type User } from "../../api/identity.js";
import {
  CheckboxGroup,
  type Choice,
  FormAlert,
  FormStatus,
  SelectField,
  TextField,
  textOf,
} from "../../forms/fields.js";
import { useLanguage } from "../../language/language.js";
import { useApi } from "../../session/session.js";
import { LoadFailed, Loading, PageHeading } from "../../shell/panels.js";
import { useAllDepartments } from "../organisation/organisation-queries.js";
import { Pager, useCursorPages } from "../paging.js";
import { settingsMessages } from "../settings-messages.js";

const PAGE_SIZE = 20;

function rolesOf(form: FormData): Role[] {
  return form.getAll("roles").map(String) as Role[];
}

function UserForm({
  user,
  departmentChoices,
  onDone,
}: {
  user?: User;
  departmentChoices: Choice[];
  onDone: (message: string) => void;
}): ReactElement {
  const api = useApi();
  const queryClient = useQueryClient();
  const { language, messages } = useLanguage();
  const text = settingsMessages(language);
  const prefix = user ? "edit-user" : "new-user";
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      user ? api.patch<User>(`/api/v1/users/${user.id}`, body) : api.post<User>("/api/v1/users", body),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ["users"] });
      onDone(user ? `${text.saved}: ${saved.fullName}` : text.userCreated(saved.fullName));
    },
  });
  const fields = fieldErrors(save.error, language);
  const roleChoices = ROLES.map((role) => ({ value: role, label: messages.roles[role] }));

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: Record<string, unknown> = {
      email: textOf(form, "email") ?? "",
      fullName: textOf(form, "fullName") ?? "",
      departmentId: textOf(form, "departmentId") ?? null,
      roles: rolesOf(form),
    };
    if (user) body.active = form.get("active") === "on";
    else if (textOf(form, "password")) body.password = String(form.get("password"));
    save.mutate(body);
  }

  const heading = user ? text.editUser(user.fullName) : text.newUser;
  return (
    <form
      onSubmit={submit}
      noValidate
      aria-labelledby={`${prefix}-heading`}
      className="settings-form"
      onReset={() => save.reset()}
    >
      <h2 id={`${prefix}-heading`}>{heading}</h2>
      <FormAlert>
        {save.isError && !Object.keys(fields).length ? errorMessage(save.error, language) : undefined}
      </FormAlert>
      <TextField
        id={`${prefix}-email`}
        name="email"
        type="email"
        label={text.email}
        defaultValue={user?.email}
        autoComplete="off"
        aria-required="true"
        error={fields.email}
      />
      <TextField
        id={`${prefix}-full-name`}
        name="fullName"
        label={text.fullName}
        defaultValue={user?.fullName}
        autoComplete="off"
        aria-required="true"
        error={fields.fullName}
      />
      <SelectField
        id={`${prefix}-department`}
        name="departmentId"
        label={text.department}
        choices={departmentChoices}
        emptyLabel={text.noDepartment}
        defaultValue={user?.departmentId ?? ""}
        error={fields.departmentId}
      />
      <CheckboxGroup
        id={`${prefix}-roles`}
        name="roles"
        legend={text.roles}
        choices={roleChoices}
        checked={user?.roles}
        error={fields.roles}
      />
      {user ? (
        <label className="checkbox">
          <input type="checkbox" name="active" defaultChecked={user.active} />
          {text.accountActive}
        </label>
      ) : (
        <TextField
          id={`${prefix}-password`}
          name="password"
          type="password"
          label={text.password}
          hint={text.passwordHint}
          autoComplete="new-password"
          error={fields.password}
        />
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {user ? text.save : text.createUser}
        </button>
        {user && (
          <button type="button" onClick={() => onDone("")}>
            {text.cancel}
          </button>
        )}
      </div>
    </form>
  );
}

/** Staff accounts: a paged list, creating one, changing roles and department, deactivating. */
export default function UsersScreen(): ReactElement {
  const api = useApi();
  const queryClient = useQueryClient();
  const { language, messages } = useLanguage();
  const text = settingsMessages(language);
  const pages = useCursorPages();
  const [editing, setEditing] = useState<User | undefined>();
  const [notice, setNotice] = useState("");
  const [formKey, setFormKey] = useState(0);
  const users = useQuery({
    queryKey: ["users", "page", pages.cursor],
    queryFn: () => api.get<Page<User>>("/api/v1/users", { limit: PAGE_SIZE, cursor: pages.cursor }),
  });
  const departments = useAllDepartments();
  const departmentChoices = (departments.data?.items ?? []).map((department) => ({
    value: department.id,
    label: department.name,
  }));
  const departmentName = (id: string | null) =>
    id ? (departments.data?.items.find((department) => department.id === id)?.shortName ?? id) : text.none;

  const setActive = useMutation({
    mutationFn: (change: { user: User; active: boolean }) =>
      api.patch<User>(`/api/v1/users/${change.user.id}`, { active: change.active }),
    onSuccess: async (saved) => {
      setNotice(`${text.saved}: ${saved.fullName} — ${saved.active ? text.active : text.inactive}`);
      await queryClient.invalidateQueries({ queryKey: ["users"] });
    },
    onError: (error) => setNotice(errorMessage(error, language)),
  });

  return (
    <section className="panel wide">
      <PageHeading>{text.screens.users}</PageHeading>
      <FormStatus>{notice}</FormStatus>
      {users.isPending ? (
        <Loading />
      ) : users.isError ? (
        <LoadFailed error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <>
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">{text.usersCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{text.fullName}</th>
                  <th scope="col">{text.email}</th>
                  <th scope="col">{text.roles}</th>
                  <th scope="col">{text.department}</th>
                  <th scope="col">{text.status}</th>
                  <th scope="col">{text.actions}</th>
                </tr>
              </thead>
              <tbody>
                {users.data.items.map((user) => (
                  <tr key={user.id} data-testid={`user-${user.email}`}>
                    <th scope="row">{user.fullName}</th>
                    <td>{user.email}</td>
                    <td>{user.roles.map((role) => messages.roles[role]).join(", ")}</td>
                    <td>{departmentName(user.departmentId)}</td>
                    <td>{user.active ? text.active : text.inactive}</td>
                    <td className="row-actions">
                      <button
                        type="button"
                        aria-label={`${text.edit}: ${user.fullName}`}
                        onClick={() => setEditing(user)}
                      >
                        {text.edit}
                      </button>
                      <button
                        type="button"
                        aria-label={`${user.active ? text.deactivate : text.activate}: ${user.fullName}`}
                        disabled={setActive.isPending}
                        onClick={() => setActive.mutate({ user, active: !user.active })}
                      >
                        {user.active ? text.deactivate : text.activate}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            label={text.usersCaption}
            previousLabel={text.previousPage}
            nextLabel={text.nextPage}
            hasPrevious={pages.hasPrevious}
            nextCursor={users.data.nextCursor}
            onPrevious={pages.previous}
            onNext={pages.next}
          />
        </>
      )}
      {editing && (
        <UserForm
          key={editing.id}
          user={editing}
          departmentChoices={departmentChoices}
          onDone={(message) => {
            setEditing(undefined);
            setNotice(message);
          }}
        />
      )}
      <UserForm
        key={`new-${formKey}`}
        departmentChoices={departmentChoices}
        onDone={(message) => {
          setNotice(message);
          setFormKey((key) => key + 1);
        }}
      />
    </section>
  );
}
