import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactElement, useState } from "react";
import { errorMessage, fieldErrors } from "../../api/api-client.js";
import { FormAlert, FormStatus, TextField } from "../../forms/fields.js";
import { useLanguage } from "../../language/language.js";
import { useApi, useCityTimeZone } from "../../session/session.js";
import { LoadFailed, Loading, PageHeading } from "../../shell/panels.js";
import { formatMoment } from "../../time/format-instant.js";
import { type DeskSettingsMessages, deskSettingsMessages } from "../desk-settings-messages.js";
import { settingsMessages } from "../settings-messages.js";
import "../desk-settings.css";

interface FieldDescriptor {
  name: string;
  type: "string" | "number" | "boolean";
  required: boolean;
  default?: string | number | boolean;
}

interface PlatformDescriptor {
  platform: string;
  settings: FieldDescriptor[];
  secrets: FieldDescriptor[];
}

/** A connection as `GET /api/v1/settings/connections` lists it: secrets masked. */
interface ConnectionView {
  id: string;
  platform: string;
  name: string;
  settings: Record<string, unknown>;
  secrets: Record<string, string>;
  health: "unknown" | "healthy" | "unhealthy";
  lastError: string | null;
  lastCheckedAt: string | null;
}

interface ConnectionList {
  items: ConnectionView[];
  platforms: PlatformDescriptor[];
  keyConfigured: boolean;
}

interface CheckResult {
  healthy: boolean;
  description: string | null;
  error: string | null;
  connection: ConnectionView;
}

const CONNECTIONS_KEY = ["settings", "connections"] as const;

/** The values of a connection form: settings typed by their descriptors, secrets as written. */
function readForm(
  form: FormData,
  platform: PlatformDescriptor,
  editing: boolean,
): { name: string; settings: Record<string, unknown>; secrets: Record<string, string> } {
  const settings: Record<string, unknown> = {};
  for (const field of platform.settings) {
    const key = `settings.${field.name}`;
    if (field.type === "boolean") {
      settings[field.name] = form.get(key) === "on";
      continue;
    }
    const value = String(form.get(key) ?? "").trim();
    if (value === "") continue;
    settings[field.name] = field.type === "number" && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  const secrets: Record<string, string> = {};
  for (const field of platform.secrets) {
    const value = String(form.get(`secrets.${field.name}`) ?? "").trim();
    if (value !== "" || editing) secrets[field.name] = value;
  }
  return { name: String(form.get("name") ?? "").trim(), settings, secrets };
}

function healthText(connection: ConnectionView, text: DeskSettingsMessages): string {
  if (connection.health === "healthy") return text.healthy;
  if (connection.health === "unhealthy") return `${text.unhealthy}: ${connection.lastError ?? ""}`;
  return text.unknown;
}

/** Channel connections: health with the last check in the city's time, add and edit (secrets write-only), test call. */
export default function ConnectionsScreen(): ReactElement {
  const api = useApi();
  const queryClient = useQueryClient();
  const { language } = useLanguage();
  const text = deskSettingsMessages(language);
  const common = settingsMessages(language);
  const timeZone = useCityTimeZone();
  const [editing, setEditing] = useState<ConnectionView | undefined>();
  const [platform, setPlatform] = useState("vk");
  const [notice, setNotice] = useState("");
  const [formKey, setFormKey] = useState(0);
  const connections = useQuery({
    queryKey: CONNECTIONS_KEY,
    queryFn: () => api.get<ConnectionList>("/api/v1/settings/connections"),
  });
  const save = useMutation({
    mutationFn: (body: {
      name: string;
      settings: Record<string, unknown>;
      secrets: Record<string, string>;
    }) =>
      editing
        ? api.put<ConnectionView>(`/api/v1/settings/connections/${editing.id}`, body)
        : api.post<ConnectionView>("/api/v1/settings/connections", { platform, ...body }),
    onSuccess: async (saved) => {
      setNotice(text.savedConnection(saved.name));
      setEditing(undefined);
      setFormKey((key) => key + 1);
      await queryClient.invalidateQueries({ queryKey: CONNECTIONS_KEY });
    },
  });
  const check = useMutation({
    mutationFn: (connection: ConnectionView) =>
      api.post<CheckResult>(`/api/v1/settings/connections/${connection.id}/check`),
    onMutate: (connection) => setNotice(text.testing(connection.name)),
    onSuccess: async (result) => {
      setNotice(
        result.healthy
          ? text.testOk(result.connection.name, result.description)
          : text.testFailed(result.connection.name, result.error),
      );
      await queryClient.invalidateQueries({ queryKey: CONNECTIONS_KEY });
    },
    onError: (error) => setNotice(errorMessage(error, language)),
  });
  const fields = fieldErrors(save.error, language);

  if (connections.isPending || connections.isError) {
    return (
      <section className="panel wide">
        <PageHeading>{common.screens.connections}</PageHeading>
        {connections.isPending ? (
          <Loading />
        ) : (
          <LoadFailed error={connections.error} onRetry={() => void connections.refetch()} />
        )}
      </section>
    );
  }

  const list = connections.data;
  const chosenPlatform = editing?.platform ?? platform;
  const descriptor = list.platforms.find((candidate) => candidate.platform === chosenPlatform);
  const label = (name: string) => text.fields[name] ?? name;

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (!descriptor) return;
    setNotice("");
    save.mutate(readForm(new FormData(event.currentTarget), descriptor, editing !== undefined));
  }

  function startEditing(connection: ConnectionView): void {
    save.reset();
    setEditing(connection);
    setFormKey((key) => key + 1);
    requestAnimationFrame(() => document.getElementById("connection-name")?.focus());
  }

  function cancelEditing(): void {
    save.reset();
    setEditing(undefined);
    setFormKey((key) => key + 1);
  }

  const settingValue = (name: string, fallback: unknown): string => {
    const value = editing?.settings[name] ?? fallback;
    return value === undefined || value === null ? "" : String(value);
  };

  return (
    <section className="panel wide">
      <PageHeading>{common.screens.connections}</PageHeading>
      <p>{text.connectionsIntro}</p>
      {!list.keyConfigured && (
        <p className="warnings" data-testid="no-channels-key">
          {text.noKey}
        </p>
      )}
      <FormStatus>{notice}</FormStatus>
      {list.items.length === 0 ? (
        <p>{text.noConnections}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{common.screens.connections}</caption>
            <thead>
              <tr>
                <th scope="col">{text.name}</th>
                <th scope="col">{text.platform}</th>
                <th scope="col">{text.settings}</th>
                <th scope="col">{text.secrets}</th>
                <th scope="col">{text.health}</th>
                <th scope="col">{text.lastCheck}</th>
                <th scope="col">{text.actions}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((connection) => (
                <tr key={connection.id} data-testid={`connection-${connection.name}`}>
                  <th scope="row">{connection.name}</th>
                  <td>{text.platforms[connection.platform] ?? connection.platform}</td>
                  <td>
                    <ul className="settings-list">
                      {Object.entries(connection.settings).map(([name, value]) => (
                        <li key={name}>
                          {label(name)}: <code>{String(value)}</code>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    <ul className="settings-list">
                      {Object.entries(connection.secrets).map(([name, masked]) => (
                        <li key={name}>
                          {label(name)}: <span className="masked">{masked}</span>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td data-testid="connection-health" className={`health-${connection.health}`}>
                    {healthText(connection, text)}
                  </td>
                  <td data-testid="connection-checked">
                    {connection.lastCheckedAt
                      ? formatMoment(connection.lastCheckedAt, language, timeZone)
                      : text.never}
                  </td>
                  <td>
                    <div className="inline-form">
                      <button
                        type="button"
                        aria-label={text.testLabel(connection.name)}
                        disabled={!list.keyConfigured || check.isPending}
                        onClick={() => check.mutate(connection)}
                      >
                        {text.test}
                      </button>
                      <button
                        type="button"
                        aria-label={text.editLabel(connection.name)}
                        disabled={!list.keyConfigured}
                        onClick={() => startEditing(connection)}
                      >
                        {text.change}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <form
        key={formKey}
        onSubmit={submit}
        noValidate
        aria-labelledby="connection-form-heading"
        className="settings-form"
      >
        <h2 id="connection-form-heading">
          {editing ? text.editConnection(editing.name) : text.newConnection}
        </h2>
        <FormAlert>
          {save.isError && !Object.keys(fields).length ? errorMessage(save.error, language) : undefined}
        </FormAlert>
        {!editing && (
          <div className="field">
            <label htmlFor="connection-platform">{text.platform}</label>
            <select
              id="connection-platform"
              name="platform"
              value={platform}
              onChange={(event) => {
                save.reset();
                setPlatform(event.currentTarget.value);
              }}
            >
              {list.platforms.map((candidate) => (
                <option key={candidate.platform} value={candidate.platform}>
                  {text.platforms[candidate.platform] ?? candidate.platform}
                </option>
              ))}
            </select>
          </div>
        )}
        <TextField
          id="connection-name"
          name="name"
          label={text.name}
          autoComplete="off"
          defaultValue={editing?.name ?? ""}
          error={fields.name}
        />
        {descriptor && (
          <fieldset key={chosenPlatform}>
            <legend>{text.settings}</legend>
            {descriptor.settings.map((field) =>
              field.type === "boolean" ? (
                <div className="field" key={field.name}>
                  <label className="checkbox">
                    <input
                      type="checkbox"
                      name={`settings.${field.name}`}
                      defaultChecked={Boolean(editing?.settings[field.name] ?? field.default)}
                    />
                    {label(field.name)}
                  </label>
                </div>
              ) : (
                <TextField
                  key={field.name}
                  id={`connection-settings-${field.name}`}
                  name={`settings.${field.name}`}
                  label={field.required ? label(field.name) : `${label(field.name)} (${text.optional})`}
                  inputMode={field.type === "number" ? "numeric" : undefined}
                  autoComplete="off"
                  placeholder={field.default !== undefined ? String(field.default) : undefined}
                  defaultValue={settingValue(field.name, undefined)}
                  error={fields[`settings.${field.name}`]}
                />
              ),
            )}
          </fieldset>
        )}
        {descriptor && (
          <fieldset key={`${chosenPlatform}-secrets`}>
            <legend>{text.secrets}</legend>
            {descriptor.secrets.map((field) => (
              <TextField
                key={field.name}
                id={`connection-secrets-${field.name}`}
                name={`secrets.${field.name}`}
                type="password"
                autoComplete="new-password"
                label={field.required ? label(field.name) : `${label(field.name)} (${text.optional})`}
                hint={
                  editing
                    ? editing.secrets[field.name]
                      ? `${editing.secrets[field.name]} — ${text.secretHintEdit}`
                      : text.secretHintEdit
                    : text.secretHintNew
                }
                error={fields[`secrets.${field.name}`]}
              />
            ))}
          </fieldset>
        )}
        <button type="submit" className="primary" disabled={save.isPending || !list.keyConfigured}>
          {editing ? text.save : text.add}
        </button>{" "}
        {editing && (
          <button type="button" onClick={cancelEditing}>
            {text.cancel}
          </button>
        )}
      </form>
    </section>
  );
}
