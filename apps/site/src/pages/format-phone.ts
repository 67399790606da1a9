/** Shows a Russian city number as people dial it: +7 3902 22-33-44; any other number stays as given. */
export function formatPhone(phone: string): string {
  const match = /^\+7(\d{4})(\d{2})(\d{2})(\d{2})$/.exec(phone);
  return match ? `+7 ${match[1]} ${match[2]}-${match[3]}-${match[4]}` : phone;
}
