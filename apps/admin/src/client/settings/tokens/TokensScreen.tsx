import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactElement, useState } from "react";
import { errorMessage, fieldErrors } from "../../api/api-client.js";
import { type ApiToken, type IssuedApiToken, type Page, TOKEN_SCOPES } from "../../api/identity.js";
import { CheckboxGroup, FormAlert, FormStatus, TextField, textOf } from "../../forms/fields.js";
import { useLanguage } from "../../language/language.js";
import { useApi, useCityTimeZone } from "../../session/session.js";
import { LoadFailed, Loading, PageHeading } from "../../shell/panels.js";
import { formatMoment } from "../../time/format-instant.js";
import { Pager, useCursorPages } from "../paging.js";
import { settingsMessages } from "../settings-messages.js";

/** API tokens of integrations: issue (the secret shown once), list with last use, revoke. */
export default function TokensScreen(): ReactElement {
  const api = useApi();
  const queryClient = useQueryClient();
  const { language } = useLanguage();
  const text = settingsMessages(language);
  const timeZone = useCityTimeZone();
  const pages = useCursorPages();
  const [issued, setIssued] = useState<IssuedApiToken | undefined>();
  const [notice, setNotice] = useState("");
  const [formKey, setFormKey] = useState(0);
  const tokens = useQuery({
    queryKey: ["tokens", pages.cursor],
    queryFn: () => api.get<Page<ApiToken>>("/api/v1/tokens", { limit: 20, cursor: pages.cursor }),
  });
  const create = useMutation({
    mutationFn: (body: { name: string; scopes: string[] }) =>
      api.post<IssuedApiToken>("/api/v1/tokens", body),
    onSuccess: async (created) => {
      setIssued(created);
      setNotice("");
      setFormKey((key) => key + 1);
      await queryClient.invalidateQueries({ queryKey: ["tokens"] });
    },
  });
  const revoke = useMutation({
    mutationFn: (token: ApiToken) => api.delete<ApiToken>(`/api/v1/tokens/${token.id}`),
    onSuccess: async (revoked) => {
      setNotice(text.tokenRevoked(revoked.name));
      await queryClient.invalidateQueries({ queryKey: ["tokens"] });
    },
    onError: (error) => setNotice(errorMessage(error, language)),
  });
  const fields = fieldErrors(create.error, language);
  const moment = (iso: string | null) => (iso ? formatMoment(iso, language, timeZone) : text.never);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setIssued(undefined);
    create.mutate({ name: textOf(form, "name") ?? "", scopes: form.getAll("scopes").map(String) });
  }

  return (
    <section className="panel wide">
      <PageHeading>{text.screens.tokens}</PageHeading>
      <FormStatus>{notice}</FormStatus>
      {issued && (
        <div className="secret" role="status" data-testid="issued-token">
          <p>
            <strong>{text.secretLabel(issued.token.name)}</strong>
          </p>
          <p>{text.secretOnce}</p>
          <code data-testid="token-secret">{issued.secret}</code>
        </div>
      )}
      {tokens.isPending ? (
        <Loading />
      ) : tokens.isError ? (
        <LoadFailed error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : (
        <>
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">{text.screens.tokens}</caption>
              <thead>
                <tr>
                  <th scope="col">{text.tokenName}</th>
                  <th scope="col">{text.hint}</th>
                  <th scope="col">{text.scopes}</th>
                  <th scope="col">{text.created}</th>
                  <th scope="col">{text.lastUsed}</th>
                  <th scope="col">{text.status}</th>
                  <th scope="col">{text.actions}</th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.items.map((token) => (
                  <tr key={token.id} data-testid={`token-${token.name}`}>
                    <th scope="row">{token.name}</th>
                    <td>
                      <code>{token.hint}</code>
                    </td>
                    <td>{token.scopes.map((scope) => text.scopeNames[scope]).join(", ")}</td>
                    <td>{moment(token.createdAt)}</td>
                    <td>{moment(token.lastUsedAt)}</td>
                    <td>
                      {token.revokedAt ? `${text.revoked} ${moment(token.revokedAt)}` : text.tokenActive}
                    </td>
                    <td>
                      {!token.revokedAt && (
                        <button
                          type="button"
                          aria-label={`${text.revoke}: ${token.name}`}
                          disabled={revoke.isPending}
                          onClick={() => revoke.mutate(token)}
                        >
                          {text.revoke}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager
            label={text.screens.tokens}
            previousLabel={text.previousPage}
            nextLabel={text.nextPage}
            hasPrevious={pages.hasPrevious}
            nextCursor={tokens.data.nextCursor}
            onPrevious={pages.previous}
            onNext={pages.next}
          />
        </>
      )}
      <form
        key={formKey}
        onSubmit={submit}
        noValidate
        aria-labelledby="new-token-heading"
        className="settings-form"
      >
        <h2 id="new-token-heading">{text.newToken}</h2>
        <FormAlert>
          {create.isError && !Object.keys(fields).length ? errorMessage(create.error, language) : undefined}
        </FormAlert>
        <TextField
          id="new-token-name"
          name="name"
          label={text.tokenName}
          autoComplete="off"
          error={fields.name}
        />
        <CheckboxGroup
          id="new-token-scopes"
          name="scopes"
          legend={text.scopes}
          choices={TOKEN_SCOPES.map((scope) => ({ value: scope, label: text.scopeNames[scope] }))}
          error={fields.scopes}
        />
        <button type="submit" className="primary" disabled={create.isPending}>
          {text.createToken}
        </button>
      </form>
    </section>
  );
}
