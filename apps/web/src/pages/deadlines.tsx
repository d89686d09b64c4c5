import { Link } from 'react-router';
import { Empty } from '../ui';

export function DeadlinesPage() {
  return (
    <>
      <h1>Deadlines</h1>
      <Empty title="Arrives with the postmortem feature">
        <p>
          This page will list open postmortems ordered by their due instant (counted in business
          days), with the time left or how long they are overdue, filters by team, owner and
          severity, the on-time rate and time-to-publish per month, and the closure of action items.
        </p>
        <p>
          It is filled once postmortems can be written; until then, incidents are recorded on the{' '}
          <Link to="/incidents">incidents</Link> page.
        </p>
      </Empty>
    </>
  );
}
