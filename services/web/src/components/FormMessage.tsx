/** A form's message that names no field: an error (announced at once) or a confirmation. */
export function FormMessage({ error, success }: { error?: string | null; success?: string | null }) {
  if (error) return <p role="alert" className="error form-message">{error}</p>;
  return <p role="status" className="form-message">{success ?? ""}</p>;
}
