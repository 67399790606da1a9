// Puts data into the real API the way staff and Open311 clients do, for the site's tests.

interface Session {
  cookie: string;
  csrf: string;
}

async function expectOk(response: Response, what: string): Promise<unknown> {
  const body = await response.json().catch(() => undefined);
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

/** Signs in as the demo editor and takes the CSRF token the API asks of every write. */
export async function signInEditor(apiUrl: string): Promise<Session> {
  const login = await fetch(`${apiUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "editor@demo.otklik.ru", password: "otklik-demo" }),
  });
  await expectOk(login, "login");
  const cookie = login.headers
    .getSetCookie()
    .map((value) => value.split(";")[0])
    .join("; ");
  const me = (await expectOk(await fetch(`${apiUrl}/api/v1/auth/me`, { headers: { cookie } }), "me")) as {
    csrfToken: string;
  };
  return { cookie, csrf: me.csrfToken };
}

/** Creates a publication and takes it through review to the site; answers its slug. */
export async function publish(
  apiUrl: string,
  session: Session,
  input: { type: string; title: string; summary?: string; body?: string; tags?: string[]; fields?: object },
): Promise<string> {
  const headers = {
    "content-type": "application/json",
    cookie: session.cookie,
    "x-csrf-token": session.csrf,
  };
  const publishers = (await expectOk(await fetch(`${apiUrl}/api/v1/publishers`), "publishers")) as {
    items: { id: string }[];
  };
  const created = (await expectOk(
    await fetch(`${apiUrl}/api/v1/publications`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        summary: "",
        body: "Текст публикации.",
        publisherId: publishers.items[0]!.id,
        ...input,
      }),
    }),
    "create",
  )) as { id: string; slug: string };
  for (const verb of ["submit", "approve", "publish"])
    await expectOk(
      await fetch(`${apiUrl}/api/v1/publications/${created.id}/${verb}`, {
        method: "POST",
        headers,
        body: "{}",
      }),
      verb,
    );
  return created.slug;
}

/** A geocoded problem as an Open311 client (the demo key) reports it; answers its number. */
export async function reportGeocodedProblem(apiUrl: string, description: string): Promise<string> {
  const form = new URLSearchParams({
    api_key: "open311-demo-key",
    service_code: "street-lighting",
    lat: "53.7213",
    long: "91.4424",
    address_string: "ул. Щетинкина, 10",
    description,
  });
  const answer = (await expectOk(
    await fetch(`${apiUrl}/open311/v2/requests.json`, { method: "POST", body: form }),
    "open311",
  )) as { service_request_id: string }[];
  return answer[0]!.service_request_id;
}

/** Signs in as a demo account (operator, editor…) with the CSRF token the API asks of every write. */
export async function signIn(apiUrl: string, email: string): Promise<Session> {
  const login = await fetch(`${apiUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: "otklik-demo" }),
  });
  await expectOk(login, "login");
  const cookie = login.headers
    .getSetCookie()
    .map((value) => value.split(";")[0])
    .join("; ");
  const me = (await expectOk(await fetch(`${apiUrl}/api/v1/auth/me`, { headers: { cookie } }), "me")) as {
    csrfToken: string;
  };
  return { cookie, csrf: me.csrfToken };
}

/**
 * As the desk's operator: uploads a photo to the site report behind a tracking link and resolves it
 * as fixed with that photo as proof, so the tracking page shows it. Answers the photo's media id.
 */
export async function resolveWithProofPhoto(
  apiUrl: string,
  trackingToken: string,
  photo: Uint8Array,
): Promise<string> {
  const operator = await signIn(apiUrl, "operator@demo.otklik.ru");
  const headers = { cookie: operator.cookie, "x-csrf-token": operator.csrf };
  const tracked = (await expectOk(await fetch(`${apiUrl}/api/v1/track/${trackingToken}`), "track")) as {
    number: string;
  };
  const queue = (await expectOk(
    await fetch(`${apiUrl}/api/v1/incidents?channel=site&limit=100`, { headers }),
    "queue",
  )) as { items: { id: string; number: string; departmentId: string | null }[] };
  const incident = queue.items.find((item) => item.number === tracked.number);
  if (!incident?.departmentId) throw new Error(`no routed site incident ${tracked.number}`);
  const form = new FormData();
  form.append("file", new Blob([photo as Uint8Array<ArrayBuffer>], { type: "image/jpeg" }), "fixed.jpg");
  const uploaded = (await expectOk(
    await fetch(`${apiUrl}/api/v1/incidents/${incident.id}/media`, { method: "POST", headers, body: form }),
    "upload",
  )) as { media: { id: string; attachment: { kind: string; url: string } } };
  const transition = async (body: object) =>
    expectOk(
      await fetch(`${apiUrl}/api/v1/incidents/${incident.id}/transitions`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
      "transition",
    );
  await transition({ type: "assign", departmentKey: incident.departmentId });
  await transition({
    type: "resolve",
    resolution: "fixed",
    comment: "Яму заделали, фото прилагаем",
    media: [uploaded.media.attachment],
  });
  return uploaded.media.id;
}
