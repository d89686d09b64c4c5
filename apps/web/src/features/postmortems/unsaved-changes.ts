import { useEffect, useRef } from 'react';

export const UNSAVED_MESSAGE = 'You have unsaved changes in this postmortem. Leave without saving?';

/**
 * Warns before unsaved work is lost: the browser's own prompt on reload, close or typing another
 * address (beforeunload), and a confirmation on any in-app link (the router's links check
 * `defaultPrevented`, so a click cancelled in the capture phase does not navigate).
 */
export function useUnsavedChangesWarning(dirty: boolean): void {
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  useEffect(() => {
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (!dirtyRef.current) return;
      event.preventDefault();
      // Older browsers need a return value to show the prompt.
      event.returnValue = UNSAVED_MESSAGE;
    };
    const click = (event: MouseEvent) => {
      if (!dirtyRef.current || event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = (event.target as Element | null)?.closest?.('a[href]');
      if (
        !(link instanceof HTMLAnchorElement) ||
        link.target === '_blank' ||
        link.hasAttribute('download')
      )
        return;
      const url = new URL(link.href, window.location.href);
      if (url.origin !== window.location.origin) return;
      if (url.pathname === window.location.pathname && url.search === window.location.search)
        return;
      if (!window.confirm(UNSAVED_MESSAGE)) event.preventDefault();
    };
    window.addEventListener('beforeunload', beforeUnload);
    window.addEventListener('click', click, true);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      window.removeEventListener('click', click, true);
    };
  }, []);
}
