import { describe, expect, it } from "vitest";
import { CATEGORY_CODES } from "../classification/categories.js";
import { ABAKAN_ROUTING, routeToDepartment } from "./routing-table.js";

describe("routeToDepartment", () => {
  it("has a department for every category", () => {
    for (const category of CATEGORY_CODES) expect(ABAKAN_ROUTING[category].departmentKey).not.toBe("");
  });

  it("sends transport complaints to the transport department and tells nobody else", () => {
    const decision = routeToDepartment({ category: "transport", urgent: false });
    expect(decision.target.departmentKey).toBe("transport");
    expect(decision.notifyAtOnce).toEqual([]);
  });

  it("passes urgent incidents to the duty dispatch service at once", () => {
    const decision = routeToDepartment({ category: "housing", urgent: true });
    expect(decision.target.departmentKey).toBe("housing");
    expect(decision.notifyAtOnce.map((target) => target.departmentKey)).toEqual(["edds"]);
  });

  it("forwards healthcare to the republic's ministry, outside the city", () => {
    expect(routeToDepartment({ category: "healthcare", urgent: false }).target.kind).toBe("external");
  });
});
