import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactElement, useState } from "react";
import { errorMessage, fieldErrors, localise } from "../../api/api-client.js";
import { FormAlert, TextField, textOf } from "../../forms/fields.js";
import { useLanguage } from "../../language/language.js";
import { useApi } from "../../session/session.js";
import { LoadFailed, Loading, PageHeading } from "../../shell/panels.js";
import { deskSettingsMessages } from "../desk-settings-messages.js";
import { settingsMessages } from "../settings-messages.js";
import "../desk-settings.css";

/** `POST /api/v1/settings/address-register/import`. */
interface ImportResult {
  imported: number;
  updated: number;
  rejectedCount: number;
  rejected: { line: number; reason: string }[];
  registerSize: number;
}

/** `GET /api/v1/settings/address-register/lookup`. */
interface LookupResult {
  query: string;
  parsed: { street?: string; house?: string; district?: string } | null;
  found: boolean;
  point: { street: string; house: string; lat: number; lon: number } | null;
}

const EXAMPLE = `улица;дом;широта;долгота
Щетинкина;12;53,7203;91,4426
пр-т Ленина;70;53,7188;91,4291
Крылова;68А;53,7021;91,3987`;

const REGISTER_KEY = ["settings", "address-register"] as const;

function sizeOf(bytes: number, language: "ru" | "en"): string {
  const kilobytes = Math.max(1, Math.round(bytes / 1024));
  return language === "ru" ? `${kilobytes} КБ` : `${kilobytes} KB`;
}

/** The address register: its size, the CSV import with its report, and a lookup as the desk geocodes. */
export default function AddressRegisterScreen(): ReactElement {
  const api = useApi();
  const queryClient = useQueryClient();
  const { language } = useLanguage();
  const text = deskSettingsMessages(language);
  const common = settingsMessages(language);
  const [fileSize, setFileSize] = useState(0);
  const [missingFile, setMissingFile] = useState(false);
  const register = useQuery({
    queryKey: REGISTER_KEY,
    queryFn: () => api.get<{ size: number }>("/api/v1/settings/address-register"),
  });
  const upload = useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.set("file", file);
      return api.upload<ImportResult>("/api/v1/settings/address-register/import", form);
    },
    onSuccess: (result) => queryClient.setQueryData(REGISTER_KEY, { size: result.registerSize }),
  });
  const lookup = useMutation({
    mutationFn: (query: string) =>
      api.get<LookupResult>("/api/v1/settings/address-register/lookup", { q: query }),
  });
  const lookupErrors = fieldErrors(lookup.error, language);

  function submitImport(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get("file");
    if (!(file instanceof File) || file.size === 0) {
      setMissingFile(true);
      return;
    }
    setMissingFile(false);
    setFileSize(file.size);
    upload.mutate(file);
  }

  function submitLookup(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    lookup.mutate(textOf(new FormData(event.currentTarget), "q") ?? "");
  }

  const result = upload.data;
  return (
    <section className="panel wide">
      <PageHeading>{common.screens["address-register"]}</PageHeading>
      {register.isPending ? (
        <Loading />
      ) : register.isError ? (
        <LoadFailed error={register.error} onRetry={() => void register.refetch()} />
      ) : (
        <p data-testid="register-size">
          <strong>{text.registerSize(register.data.size)}</strong>
        </p>
      )}

      <h2>{text.formatHeading}</h2>
      <p>{text.formatText}</p>
      <p>{text.formatPolicy}</p>
      <figure>
        <figcaption>{text.example}</figcaption>
        <pre>
          <code>{EXAMPLE}</code>
        </pre>
      </figure>

      <form
        onSubmit={submitImport}
        noValidate
        aria-labelledby="register-import-heading"
        className="settings-form"
      >
        <h2 id="register-import-heading">{text.importHeading}</h2>
        <FormAlert>
          {missingFile ? text.chooseFile : upload.isError ? errorMessage(upload.error, language) : undefined}
        </FormAlert>
        <div className="field">
          <label htmlFor="register-file">{text.file}</label>
          <input id="register-file" name="file" type="file" accept=".csv,text/csv" />
        </div>
        <button type="submit" className="primary" disabled={upload.isPending}>
          {text.importButton}
        </button>
      </form>
      <div role="status" aria-live="polite" data-testid="import-status">
        {upload.isPending && (
          <p aria-busy="true" className="loading">
            <span className="busy-indicator" aria-hidden="true" />{" "}
            {text.importing(sizeOf(fileSize, language))}
          </p>
        )}
        {result && !upload.isPending && <p>{text.importDone(result.imported + result.updated)}</p>}
      </div>
      {result && !upload.isPending && (
        <>
          <dl className="figures" data-testid="import-result">
            <div>
              <dt>{text.imported}</dt>
              <dd data-testid="import-imported">{result.imported}</dd>
            </div>
            <div>
              <dt>{text.updated}</dt>
              <dd data-testid="import-updated">{result.updated}</dd>
            </div>
            <div>
              <dt>{text.rejected}</dt>
              <dd data-testid="import-rejected">{result.rejectedCount}</dd>
            </div>
            <div>
              <dt>{text.sizeAfter}</dt>
              <dd>{result.registerSize}</dd>
            </div>
          </dl>
          {result.rejected.length > 0 && (
            <>
              <h3>{text.rejectedHeading}</h3>
              {result.rejectedCount > result.rejected.length && (
                <p>{text.firstOf(result.rejected.length, result.rejectedCount)}</p>
              )}
              <div className="table-scroll">
                <table data-testid="rejected-lines">
                  <caption className="visually-hidden">{text.rejectedHeading}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{text.line}</th>
                      <th scope="col">{text.reason}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.rejected.map((line) => (
                      <tr key={line.line}>
                        <th scope="row">{line.line}</th>
                        <td>{localise(line.reason, language)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </>
      )}

      <form
        onSubmit={submitLookup}
        noValidate
        aria-labelledby="register-lookup-heading"
        className="settings-form"
      >
        <h2 id="register-lookup-heading">{text.lookupHeading}</h2>
        <FormAlert>
          {lookup.isError && !lookupErrors.q ? errorMessage(lookup.error, language) : undefined}
        </FormAlert>
        <TextField
          id="register-lookup"
          name="q"
          label={text.lookupLabel}
          hint={text.lookupHint}
          autoComplete="off"
          error={lookupErrors.q}
        />
        <button type="submit" disabled={lookup.isPending}>
          {text.lookupButton}
        </button>
      </form>
      <div role="status" aria-live="polite" data-testid="lookup-result">
        {lookup.data &&
          (lookup.data.point ? (
            <p>
              {text.found(
                lookup.data.point.street,
                lookup.data.point.house,
                lookup.data.point.lat,
                lookup.data.point.lon,
              )}
            </p>
          ) : (
            <p>{lookup.data.parsed ? text.notFound : text.notParsed}</p>
          ))}
      </div>
    </section>
  );
}
