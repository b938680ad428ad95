import { z } from "zod";
import { accessibilityFeatures } from "../accessibility";
import { kanaReading } from "../kana";
import { MAX_ID } from "./parse";

export const hubStatuses = ["public", "draft", "closed"] as const;

const optionalText = (max: number, message: "field.text.tooLong") =>
  z
    .string()
    .trim()
    .max(max, message)
    .transform((value) => (value === "" ? null : value));

/**
 * Coordinates to 7 decimals (about 1 cm). A denormal such as 5e-324 would otherwise pass the
 * range check and make the database's radians() underflow (an error, not a refusal).
 */
const roundCoordinate = (value: number) => Math.round(value * 1e7) / 1e7 || 0;

const id = (message: "field.choose.required") => z.coerce.number({ invalid_type_error: message }).int(message).positive(message).max(MAX_ID, message);

/** The hub form (organisers at /organise, admins creating a hub). Messages are dictionary keys. */
export const hubFormSchema = z.object({
  name: z.string().trim().min(1, "field.hubName.required").max(100, "field.text.tooLong"),
  nameKana: kanaReading(200, "field.text.tooLong", "field.kana.invalid"),
  description: z.string().trim().max(2000, "field.text.tooLong"),
  kindId: id("field.choose.required"),
  districtId: id("field.choose.required"),
  address: z.string().trim().min(1, "field.address.required").max(200, "field.text.tooLong"),
  lat: z
    .string()
    .trim()
    .min(1, "field.lat.invalid")
    .pipe(z.coerce.number({ invalid_type_error: "field.lat.invalid" }).min(-90, "field.lat.invalid").max(90, "field.lat.invalid"))
    .transform(roundCoordinate),
  lng: z
    .string()
    .trim()
    .min(1, "field.lng.invalid")
    .pipe(z.coerce.number({ invalid_type_error: "field.lng.invalid" }).min(-180, "field.lng.invalid").max(180, "field.lng.invalid"))
    .transform(roundCoordinate),
  accessibility: z.array(z.enum(accessibilityFeatures, { errorMap: () => ({ message: "field.choose.required" }) })),
  contactPhone: z
    .string()
    .trim()
    .max(30, "field.phone.invalid")
    .regex(/^$|^[0-9０-９+()\-－ ]{6,30}$/, "field.phone.invalid")
    .transform((value) => (value === "" ? null : value)),
  contactEmail: z
    .string()
    .trim()
    .max(254, "field.email.invalid")
    .refine((value) => value === "" || z.string().email().safeParse(value).success, "field.email.invalid")
    .transform((value) => (value === "" ? null : value.toLowerCase())),
  contactNote: optionalText(500, "field.text.tooLong"),
  parkingInfo: optionalText(200, "field.text.tooLong"),
  associationIds: z.array(id("field.choose.required")),
  status: z.enum(hubStatuses, { errorMap: () => ({ message: "field.choose.required" }) }),
});

export type HubFormInput = z.infer<typeof hubFormSchema>;

/** What the form shows: strings as typed (so a bad value comes back exactly as entered). */
export interface HubFormValues {
  name: string;
  nameKana: string;
  description: string;
  kindId: string;
  districtId: string;
  address: string;
  lat: string;
  lng: string;
  accessibility: string[];
  contactPhone: string;
  contactEmail: string;
  contactNote: string;
  parkingInfo: string;
  associationIds: string[];
  status: string;
}

export const associationFormSchema = z.object({
  name: z.string().trim().min(1, "field.associationName.required").max(100, "field.text.tooLong"),
  districtId: id("field.choose.required"),
});

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

function all(form: FormData, name: string): string[] {
  return form.getAll(name).filter((value): value is string => typeof value === "string");
}

/** The submitted form as typed, to validate and, if it is wrong, to show again. */
export function hubFormValuesFrom(form: FormData): HubFormValues {
  return {
    name: text(form, "name"),
    nameKana: text(form, "nameKana"),
    description: text(form, "description"),
    kindId: text(form, "kindId"),
    districtId: text(form, "districtId"),
    address: text(form, "address"),
    lat: text(form, "lat"),
    lng: text(form, "lng"),
    accessibility: all(form, "accessibility"),
    contactPhone: text(form, "contactPhone"),
    contactEmail: text(form, "contactEmail"),
    contactNote: text(form, "contactNote"),
    parkingInfo: text(form, "parkingInfo"),
    associationIds: all(form, "associationIds"),
    status: text(form, "status"),
  };
}

/** A stored hub as form values. */
export function hubFormValuesOf(hub: {
  name: string;
  nameKana: string | null;
  description: string;
  kindId: number;
  districtId: number;
  address: string;
  lat: number;
  lng: number;
  accessibility: string[];
  contactPhone: string | null;
  contactEmail: string | null;
  contactNote: string | null;
  parkingInfo: string | null;
  associationIds: number[];
  status: string;
}): HubFormValues {
  return {
    name: hub.name,
    nameKana: hub.nameKana ?? "",
    description: hub.description,
    kindId: String(hub.kindId),
    districtId: String(hub.districtId),
    address: hub.address,
    lat: String(hub.lat),
    lng: String(hub.lng),
    accessibility: hub.accessibility,
    contactPhone: hub.contactPhone ?? "",
    contactEmail: hub.contactEmail ?? "",
    contactNote: hub.contactNote ?? "",
    parkingInfo: hub.parkingInfo ?? "",
    associationIds: hub.associationIds.map(String),
    status: hub.status,
  };
}

export const emptyHubFormValues: HubFormValues = {
  name: "",
  nameKana: "",
  description: "",
  kindId: "",
  districtId: "",
  address: "",
  lat: "",
  lng: "",
  accessibility: [],
  contactPhone: "",
  contactEmail: "",
  contactNote: "",
  parkingInfo: "",
  associationIds: [],
  status: "public",
};
