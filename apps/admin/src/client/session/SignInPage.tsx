import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactElement, useEffect, useRef, useState } from "react";
import { ApiError, errorMessage, fieldErrors } from "../api/api-client.js";
import { FormAlert, TextField, textOf } from "../forms/fields.js";
import { useLanguage } from "../language/language.js";
import { PageHeading } from "../shell/panels.js";
import { forgetSessionData, ME_QUERY_KEY, useApi } from "./session.js";

interface Credentials {
  email: string;
  password: string;
  totp?: string;
}

/** Sign-in: e-mail and password, then the second factor when the API asks for it. */
export function SignInPage(): ReactElement {
  const api = useApi();
  const queryClient = useQueryClient();
  const { language, messages } = useLanguage();
  const [askTotp, setAskTotp] = useState(false);
  const totpInput = useRef<HTMLInputElement>(null);

  const signIn = useMutation({
    mutationFn: (credentials: Credentials) => api.post("/api/v1/auth/login", credentials),
    onSuccess: async () => {
      // Whatever was cached belonged to the previous session.
      forgetSessionData(queryClient);
      await queryClient.refetchQueries({ queryKey: ME_QUERY_KEY });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.details.some((detail) => detail.path[0] === "totp")) {
        setAskTotp(true);
      }
    },
  });

  useEffect(() => {
    if (askTotp) totpInput.current?.focus();
  }, [askTotp]);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    signIn.mutate({
      email: textOf(form, "email") ?? "",
      password: String(form.get("password") ?? ""),
      ...(askTotp ? { totp: textOf(form, "totp") ?? "" } : {}),
    });
  }

  const error = signIn.error;
  const fields = fieldErrors(error, language);
  let alert: string | undefined;
  if (error instanceof ApiError && error.status === 429) {
    alert = messages.lockedOut(Math.max(1, Math.ceil((error.retryAfterSeconds ?? 60) / 60)));
  } else if (error && !(fields.totp && signIn.variables?.totp === undefined)) {
    // The first "enter the code" is a request, not a failure: the code field says it.
    alert = errorMessage(error, language);
  }

  return (
    <section className="panel sign-in">
      <PageHeading>{messages.signInHeading}</PageHeading>
      <p>{messages.signInIntro}</p>
      <form onSubmit={submit} noValidate>
        <FormAlert>{alert}</FormAlert>
        <TextField
          id="sign-in-email"
          name="email"
          type="email"
          label={messages.email}
          autoComplete="username"
          required
          error={fields.email}
        />
        <TextField
          id="sign-in-password"
          name="password"
          type="password"
          label={messages.password}
          autoComplete="current-password"
          required
          error={fields.password}
        />
        {askTotp && (
          <TextField
            ref={totpInput}
            id="sign-in-totp"
            name="totp"
            label={messages.totp}
            hint={messages.totpHint}
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            error={fields.totp}
          />
        )}
        <button type="submit" className="primary" disabled={signIn.isPending}>
          {signIn.isPending ? messages.signingIn : messages.signIn}
        </button>
      </form>
    </section>
  );
}
