import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { InvalidInputError } from './api-error';
import { ValidationFailedException } from './validation';

/** Largest value of a Postgres `integer` (int4): ids, versions and numbers in paths and queries. */
export const INT4_MAX = 2_147_483_647;

/** Deepest JSON body accepted; real bodies nest a handful of levels. */
export const MAX_JSON_DEPTH = 64;

export interface BodyProblem {
  field: string;
  message: string;
  /** true when the problem is the nesting, not one field. */
  tooDeep?: boolean;
}

const NUL_MESSAGE = 'must not contain NUL (U+0000) characters';

/**
 * The first hostile feature of a parsed body: a NUL character in a string or a key (Postgres
 * text cannot hold it), or nesting deeper than `maxDepth`. Iterative, so hostile depth cannot
 * overflow the stack here (it would in class-transformer).
 */
export function findBodyProblem(body: unknown, maxDepth = MAX_JSON_DEPTH): BodyProblem | null {
  const stack: Array<{ value: unknown; depth: number; path: string }> = [
    { value: body, depth: 0, path: '' },
  ];
  while (stack.length) {
    const { value, depth, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return { field: path || 'body', message: NUL_MESSAGE };
      continue;
    }
    // A raw body (the Slack routes, an archive upload) is checked by its route once parsed.
    if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) continue;
    if (depth >= maxDepth)
      return {
        field: path || 'body',
        message: `is nested deeper than ${maxDepth} levels`,
        tooDeep: true,
      };
    if (Array.isArray(value)) {
      value.forEach((item, index) =>
        stack.push({ value: item, depth: depth + 1, path: `${path}[${index}]` }),
      );
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      const child = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) return { field: child, message: `(the key) ${NUL_MESSAGE}` };
      stack.push({ value: item, depth: depth + 1, path: child });
    }
  }
  return null;
}

/**
 * Refuses, before any pipe or query sees them, requests whose path or query carries a NUL byte
 * (`%00`) and bodies with a NUL in a string or nested deeper than MAX_JSON_DEPTH. Mounted after
 * the body parsers.
 */
export function rejectHostileInput() {
  return (request: Request, _response: Response, next: NextFunction) => {
    const url = request.originalUrl ?? request.url;
    if (url.includes('\u0000') || /%00/.test(url))
      return next(
        new BadRequestException('The request URL (path or query) must not contain NUL (%00)'),
      );
    const problem = findBodyProblem(request.body);
    if (problem?.tooDeep)
      return next(
        new BadRequestException(`Request body is nested deeper than ${MAX_JSON_DEPTH} levels`),
      );
    if (problem)
      return next(
        new ValidationFailedException([{ field: problem.field, messages: [problem.message] }]),
      );
    next();
  };
}

/** A path or query integer that fits a Postgres `integer` (ParseIntPipe lets 99999999999 through). */
@Injectable()
export class ParseInt4Pipe implements PipeTransform<string, number> {
  constructor(private readonly min = 0) {}

  transform(value: string, metadata: ArgumentMetadata): number {
    const number = /^-?\d{1,10}$/.test(String(value)) ? Number(value) : Number.NaN;
    if (!Number.isInteger(number) || number < this.min || number > INT4_MAX)
      throw new InvalidInputError(
        metadata.data ?? 'parameter',
        `must be an integer from ${this.min} to ${INT4_MAX}`,
      );
    return number;
  }
}
