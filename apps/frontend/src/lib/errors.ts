/** Coded errors the server actions add to the API's own codes; the UI may switch on them. */
export const ActionError = {
  /** No session, or the API refused the session token. */
  SIGNED_OUT: "SIGNED_OUT",
  /** The browser sent an argument that fails the action's checks. */
  BAD_INPUT: "BAD_INPUT",
  /** Test deposits are not enabled in this deployment. */
  DEPOSITS_OFF: "DEPOSITS_OFF",
} as const;
