import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";

const SCHEMA_FOLDER = fileURLToPath(new URL("../fixtures/vk-api-schema/", import.meta.url));
const ID_BASE = "https://vk-schema.test/";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * VK's schemas mark required properties the draft-03 way (`"required": true` on the property).
 * Draft-07 wants a `required` array on the parent; move them there so ajv checks them.
 * `additionalProperties: false` is dropped: VK combines objects with `allOf` (a full community is
 * `groups_group` plus more fields), which draft-07 cannot close, and VK adds fields all the time.
 */
function adaptRequired(node: Json): Json {
  if (Array.isArray(node)) return node.map(adaptRequired);
  if (node === null || typeof node !== "object") return node;
  const result: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$schema") continue;
    if (key === "required" && typeof value === "boolean") continue;
    if (key === "additionalProperties" && value === false) continue;
    result[key] = adaptRequired(value);
  }
  const properties = node.properties;
  if (properties && typeof properties === "object" && !Array.isArray(properties)) {
    const required = Object.entries(properties)
      .filter(
        ([, property]) =>
          property !== null &&
          typeof property === "object" &&
          !Array.isArray(property) &&
          property.required === true,
      )
      .map(([name]) => name);
    if (required.length > 0)
      result.required = [...(Array.isArray(node.required) ? node.required : []), ...required];
  }
  return result;
}

function jsonFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith(".json") ? [path] : [];
  });
}

interface VkMethodParameter {
  name: string;
  type?: string | string[];
  items?: { type?: string | string[] };
  required?: boolean;
  [key: string]: unknown;
}

interface VkMethod {
  name: string;
  access_token_type?: string[];
  parameters?: VkMethodParameter[];
  responses?: Record<string, { $ref: string }>;
}

/** VK's schemas loaded into ajv (draft-07 + formats), with helpers for methods and callback events. */
export interface VkSchemas {
  method(name: string): VkMethod | undefined;
  /** Turns form values into typed ones by the method's parameter types, then validates them. */
  validateCall(
    name: string,
    form: URLSearchParams,
  ): { ok: true; parameters: Record<string, unknown> } | { ok: false; errors: string };
  /** Validates `{ response }` against one of the method's documented responses. */
  validateResponse(name: string, body: unknown, variant?: string): string | undefined;
  /** Validates a Callback API event's `object` against `callback/objects.json`. */
  validateCallbackObject(type: string, object: unknown): string | undefined;
  /** Validates a value against any definition, e.g. `wall/objects.json#/definitions/wall_wallpost`. */
  validate(reference: string, value: unknown): string | undefined;
}

let loaded: VkSchemas | undefined;

/** Loads the schemas once per test file. */
export function vkSchemas(): VkSchemas {
  if (loaded) return loaded;
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  for (const format of ["int64", "int32", "double", "float"]) ajv.addFormat(format, true);
  const methods = new Map<string, VkMethod>();
  for (const path of jsonFiles(SCHEMA_FOLDER)) {
    const id = ID_BASE + relative(SCHEMA_FOLDER, path).replaceAll("\\", "/");
    const schema = adaptRequired(JSON.parse(readFileSync(path, "utf8")) as Json) as { [key: string]: Json };
    for (const method of (schema.methods as VkMethod[] | undefined) ?? []) methods.set(method.name, method);
    delete schema.methods;
    ajv.addSchema({ ...schema, $id: id });
  }
  const compiled = new Map<string, ValidateFunction>();
  const describe = (validate: ValidateFunction): string =>
    (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? ""}`).join("; ");
  const validator = (reference: string): ValidateFunction => {
    let validate = compiled.get(reference);
    if (!validate) {
      validate = ajv.compile({ $ref: reference.startsWith("http") ? reference : ID_BASE + reference });
      compiled.set(reference, validate);
    }
    return validate;
  };
  const coerce = (value: string, type: string | string[] | undefined): unknown => {
    const types = Array.isArray(type) ? type : [type];
    if ((types.includes("integer") || types.includes("number")) && /^-?\d+(\.\d+)?$/.test(value))
      return Number(value);
    if (types.includes("boolean") && /^(0|1|true|false)$/.test(value))
      return value === "1" || value === "true";
    return value;
  };
  const callValidators = new Map<string, ValidateFunction>();
  loaded = {
    method: (name) => methods.get(name),
    validateCall(name, form) {
      const method = methods.get(name);
      if (!method) return { ok: false, errors: `unknown method ${name}` };
      const declared = new Map((method.parameters ?? []).map((parameter) => [parameter.name, parameter]));
      const parameters: Record<string, unknown> = {};
      for (const [key, value] of form) {
        if (key === "access_token" || key === "v") continue;
        const parameter = declared.get(key);
        if (parameter?.type === "array") {
          parameters[key] =
            value === "" ? [] : value.split(",").map((item) => coerce(item, parameter.items?.type));
        } else {
          parameters[key] = coerce(value, parameter?.type);
        }
      }
      let validate = callValidators.get(name);
      if (!validate) {
        const properties: Record<string, unknown> = {};
        for (const parameter of method.parameters ?? []) {
          const {
            name: parameterName,
            description: _description,
            required: _required,
            ...schema
          } = parameter;
          properties[parameterName] = schema;
        }
        const required = (method.parameters ?? [])
          .filter((parameter) => parameter.required === true)
          .map((parameter) => parameter.name);
        validate = ajv.compile({
          $id: `${ID_BASE}calls/${name}`,
          type: "object",
          properties: adaptRequired(properties as Json),
          required,
          additionalProperties: false,
        });
        callValidators.set(name, validate);
      }
      return validate(parameters) ? { ok: true, parameters } : { ok: false, errors: describe(validate) };
    },
    validateResponse(name, body, variant = "response") {
      const reference = methods.get(name)?.responses?.[variant]?.$ref;
      if (!reference) return `no documented ${variant} of ${name}`;
      const validate = validator(new URL(reference, `${ID_BASE}${name.split(".")[0]}/methods.json`).href);
      return validate(body) ? undefined : describe(validate);
    },
    validateCallbackObject(type, object) {
      const definition = type === "wall_reply_delete" ? "callback_wall_comment_delete" : `callback_${type}`;
      const validate = validator(`callback/objects.json#/definitions/${definition}`);
      return validate(object) ? undefined : describe(validate);
    },
    validate(reference, value) {
      const validate = validator(reference);
      return validate(value) ? undefined : describe(validate);
    },
  };
  return loaded;
}
