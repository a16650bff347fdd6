/**
 * A mistake in how the command was called (unknown option, missing value, ...): reported on
 * stderr with exit code 2, like an invalid expression.
 * @module
 */
import { CotangentError } from "../errors.ts";

export class UsageError extends CotangentError {}
