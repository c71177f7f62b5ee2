// The types behind the catalog: a template's parameters are read from its text, so an id's
// params are checked where an error is made (`{{name}}` in the template: `name` is required).

/** The names of a template's `{{placeholders}}`. */
export type Placeholders<S extends string> = S extends `${string}{{${infer Name}}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/** A catalog entry: what happened, and optionally what to do (same parameters). */
export interface MessageEntry {
  message: string;
  hint?: string;
}

export type ParamValue = string | number;

/** Fills `{{name}}` placeholders; a missing parameter stays visible rather than vanishing. */
export function fillTemplate(template: string, params: Readonly<Record<string, ParamValue>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole));
}
