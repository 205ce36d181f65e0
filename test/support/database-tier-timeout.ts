/**
 * Starting an app on a fresh database (or initdb of a server of a test's own) takes a few
 * seconds on a loaded two-core CI machine: Jest's 5 s default failed hooks there that pass in
 * about one second on a quiet one. (A project-level `testTimeout` is not honoured by Jest 30.)
 */
jest.setTimeout(30_000);
