import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api';

/**
 * The one cache of server state. A 4xx is an answer, not a hiccup: it is shown at once; network
 * trouble and 5xx are tried once more. Pages refetch when a mutation invalidates them, not on
 * every focus (the page would change under a person's eyes).
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (failures, error) =>
        failures < 1 && !(error instanceof ApiError && error.status < 500),
      refetchOnWindowFocus: false,
      staleTime: 10_000,
    },
    mutations: { retry: false },
  },
});
