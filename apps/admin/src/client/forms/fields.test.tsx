import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CheckboxGroup, SelectField, TextField } from "./fields.js";

describe("form fields", () => {
  it("tie the label, the hint and the error to the input", () => {
    const html = renderToString(
      <TextField
        id="new-user-email"
        name="email"
        label="Электронная почта"
        hint="Рабочий адрес"
        error="Неверный адрес"
      />,
    );
    expect(html).toContain('<label for="new-user-email">Электронная почта</label>');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('aria-describedby="new-user-email-hint new-user-email-error"');
    expect(html).toMatch(/id="new-user-email-error"[^>]*>Неверный адрес</);
  });

  it("say nothing about errors when there are none", () => {
    const html = renderToString(<TextField id="token-name" name="name" label="Название" />);
    expect(html).not.toContain("aria-invalid");
    expect(html).not.toContain("aria-describedby");
  });

  it("describe a select and a group of check boxes by their errors", () => {
    const select = renderToString(
      <SelectField
        id="dept"
        name="departmentId"
        label="Управление"
        choices={[]}
        emptyLabel="—"
        error="Нет такого"
      />,
    );
    expect(select).toContain('aria-describedby="dept-error"');
    const group = renderToString(
      <CheckboxGroup
        id="roles"
        name="roles"
        legend="Роли"
        choices={[{ value: "admin", label: "Администратор" }]}
        checked={["admin"]}
        error="Нужна хотя бы одна роль"
      />,
    );
    expect(group).toContain("<legend>Роли</legend>");
    expect(group).toContain('aria-describedby="roles-error"');
    expect(group).toContain('checked=""');
  });
});
