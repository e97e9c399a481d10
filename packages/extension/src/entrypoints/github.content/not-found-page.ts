/**
 * True when GitHub answered the page with its "Page not found" (a repository that does not
 * exist, was renamed away, or is private to others): its URL looks like a repository, but
 * there is nothing to deploy, so no button is shown. GitHub titles that page
 * `Page not found · GitHub · GitHub`.
 */
export function isNotFoundPage(doc: Pick<Document, 'title'>): boolean {
  return /^\s*page not found\b/i.test(doc.title)
}
