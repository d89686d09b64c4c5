import { QueryFailedError } from 'typeorm';
import { DependencyUnavailableError, unavailableDependency } from './dependency-unavailable';

function queryFailed(driverError: Error & { code?: string }): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], driverError);
}

function withCode(message: string, code: string): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}

describe('unavailableDependency', () => {
  it.each([
    ['admin shutdown 57P01', queryFailed(withCode('terminating connection', '57P01'))],
    [
      'cannot connect now 57P03',
      queryFailed(withCode('the database system is starting up', '57P03')),
    ],
    ['connection failure 08006', queryFailed(withCode('connection failure', '08006'))],
    ['connection refused', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['terminated socket', new Error('Connection terminated unexpectedly')],
    ['pool timeout', new Error('timeout exceeded when trying to connect')],
    ['closed driver', new Error('Driver not Connected')],
    [
      'refused on every address',
      new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''),
    ],
  ])('names the database for %s', (_, error) => {
    expect(unavailableDependency(error)).toBe('database');
  });

  it.each([
    [
      'offline queue off',
      new Error("Stream isn't writeable and enableOfflineQueue options is false"),
    ],
    ['retries exhausted', new Error('Reached the max retries per request limit (which is 1).')],
    ['closed connection', new Error('Connection is closed.')],
    ['command timeout', new Error('Command timed out')],
    ['explicit', new DependencyUnavailableError('redis', new Error('down'))],
  ])('names Redis for %s', (_, error) => {
    expect(unavailableDependency(error)).toBe('redis');
  });

  it.each([
    ['a unique violation', queryFailed(withCode('duplicate key', '23505'))],
    ['bad input 22P02', queryFailed(withCode('invalid input syntax', '22P02'))],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an error', 'boom'],
  ])('is not an outage for %s', (_, error) => {
    expect(unavailableDependency(error)).toBeNull();
  });
});
