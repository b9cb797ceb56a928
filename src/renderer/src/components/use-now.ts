import { useEffect, useState } from 'react';

/**
 * The current time, ticking every second while `ticking` (an open incident's duration is on
 * screen); still otherwise. The only timer on the Alerts page: data arrives as pushed events.
 */
export function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}
