import { type QueryClient, useQuery } from "@tanstack/react-query";
import { createContext, useContext } from "react";
import { type ApiClient, ApiError } from "../api/api-client.js";
import type { CurrentUser, Department } from "../api/identity.js";

export const ME_QUERY_KEY = ["auth", "me"] as const;
export const DEFAULT_TIME_ZONE = "Asia/Krasnoyarsk";

export const ApiContext = createContext<ApiClient | null>(null);

/** The API client of this page (one per app, holding the session's CSRF token). */
export function useApi(): ApiClient {
  const api = useContext(ApiContext);
  if (!api) throw new Error("useApi outside <ApiContext.Provider>");
  return api;
}

/** Who is signed in: `null` when nobody is (the API answered 401). */
export function useCurrentUser() {
  const api = useApi();
  return useQuery({
    queryKey: ME_QUERY_KEY,
    queryFn: async (): Promise<CurrentUser | null> => {
      try {
        return await api.get<CurrentUser>("/api/v1/auth/me");
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

/** Forgets what the previous session loaded (everything but the city profile and the session itself). */
export function forgetSessionData(queryClient: QueryClient): void {
  queryClient.removeQueries({
    predicate: (query) => query.queryKey[0] !== "city" && query.queryKey[0] !== ME_QUERY_KEY[0],
  });
}

export const SessionContext = createContext<CurrentUser | null>(null);

/** The signed-in person inside the shell. */
export function useSession(): CurrentUser {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside the signed-in shell");
  return session;
}

/** One department by id, for names in the header and lists. */
export function useDepartment(id: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: ["departments", "one", id],
    queryFn: () => api.get<Department>(`/api/v1/departments/${encodeURIComponent(id ?? "")}`),
    enabled: id !== null,
    staleTime: 5 * 60_000,
  });
}

/** The city's time zone, from the API's city profile; the DESIGN's default until it answers. */
export function useCityTimeZone(): string {
  const api = useApi();
  const city = useQuery({
    queryKey: ["city"],
    queryFn: () => api.get<{ timeZone: string }>("/api/v1/city"),
    staleTime: Number.POSITIVE_INFINITY,
  });
  return city.data?.timeZone ?? DEFAULT_TIME_ZONE;
}
