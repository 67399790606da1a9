import { useQuery } from "@tanstack/react-query";
import type { Department, Official, Page, User } from "../../api/identity.js";
import { useApi } from "../../session/session.js";

// The organisation is small (tens of departments): one page of 100 names every choice.
const ALL = { limit: 100 };

export function useAllDepartments() {
  const api = useApi();
  return useQuery({
    queryKey: ["departments", "all"],
    queryFn: () => api.get<Page<Department>>("/api/v1/departments", ALL),
  });
}

export function useAllOfficials() {
  const api = useApi();
  return useQuery({
    queryKey: ["officials", "all"],
    queryFn: () => api.get<Page<Official>>("/api/v1/officials", ALL),
  });
}

/** The first 100 accounts, to name people in the audit log and choose them in its filter. */
export function usePeople() {
  const api = useApi();
  return useQuery({
    queryKey: ["users", "people"],
    queryFn: () => api.get<Page<User>>("/api/v1/users", ALL),
  });
}
