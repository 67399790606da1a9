import { useQuery } from "@tanstack/react-query";
import type { ReactElement } from "react";
import { Link, useSearchParams } from "wouter";
import { useLanguage } from "../language/language.js";
import { useApi } from "../session/session.js";
import { useAllDepartments } from "../settings/organisation/organisation-queries.js";
import { LoadFailed, Loading, PageHeading } from "../shell/panels.js";
import type { StaleArticle } from "./newsroom-api.js";
import { newsroomMessages } from "./newsroom-messages.js";

const LOCALES = { ru: "ru-RU", en: "en-GB" } as const;

/** Handbook articles past their review-by date, by owner department. */
export default function HandbookScreen(): ReactElement {
  const api = useApi();
  const { language } = useLanguage();
  const text = newsroomMessages(language);
  const [searchParams, setSearchParams] = useSearchParams();
  const department = searchParams.get("department") ?? "";
  const departments = useAllDepartments();
  const stale = useQuery({
    queryKey: ["newsroom", "handbook-stale", department],
    queryFn: () =>
      api.get<{ items: StaleArticle[] }>("/api/v1/handbook/stale", {
        ownerDepartmentId: department || undefined,
      }),
  });
  const nameOf = (id: string) => departments.data?.items.find((one) => one.id === id)?.name ?? id;
  // A review-by date is a calendar date, not an instant: shown as it is, without a time zone.
  const dateFormat = new Intl.DateTimeFormat(LOCALES[language], { timeZone: "UTC", dateStyle: "long" });
  return (
    <section className="panel">
      <PageHeading>{text.handbookHeading}</PageHeading>
      <p>{text.handbookIntro}</p>
      <div className="inline-form">
        <div className="field">
          <label htmlFor="stale-department">{text.ownerDepartment}</label>
          <select
            id="stale-department"
            value={department}
            onChange={(event) =>
              setSearchParams(event.target.value ? { department: event.target.value } : {})
            }
          >
            <option value="">{text.anyDepartment}</option>
            {(departments.data?.items ?? []).map((one) => (
              <option key={one.id} value={one.id}>
                {one.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {stale.isPending ? (
        <Loading />
      ) : stale.isError ? (
        <LoadFailed error={stale.error} onRetry={() => void stale.refetch()} />
      ) : stale.data.items.length === 0 ? (
        <p data-testid="no-stale">{text.noStale}</p>
      ) : (
        <div className="table-scroll">
          <table data-testid="stale-articles">
            <thead>
              <tr>
                <th scope="col">{text.title}</th>
                <th scope="col">{text.ownerDepartment}</th>
                <th scope="col">{text.reviewBy}</th>
              </tr>
            </thead>
            <tbody>
              {stale.data.items.map((article) => (
                <tr key={article.id}>
                  <td>
                    <Link href={`/publications/${article.id}`}>{article.title}</Link>
                  </td>
                  <td>{nameOf(article.ownerDepartmentId)}</td>
                  <td>
                    <time dateTime={article.reviewBy}>
                      {dateFormat.format(new Date(`${article.reviewBy}T00:00:00Z`))}
                    </time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
