/** Screens are addressed by the URL hash, so reload and the back button keep the user's place. */
export type Route =
  | { name: 'home' }
  | { name: 'project' }
  | { name: 'design'; surveyId: string }
  | { name: 'enter'; surveyId: string }
  | { name: 'results'; surveyId: string }
  | { name: 'kiosk'; surveyId: string }
  | { name: 'responses'; surveyId: string }
  | { name: 'data'; surveyId: string }
  | { name: 'coding'; surveyId: string };

export function parseRoute(hash: string): Route {
  const [, first, id, action] = hash.replace(/^#/, '').split('/');
  if (first === 'project') return { name: 'project' };
  if (first === 'survey' && id && (action === 'design' || action === 'enter' || action === 'results' || action === 'kiosk' || action === 'responses' || action === 'data' || action === 'coding')) {
    return { name: action, surveyId: id };
  }
  return { name: 'home' };
}

export function routeHash(route: Route): string {
  return route.name === 'home' || route.name === 'project' ? `#/${route.name}` : `#/survey/${route.surveyId}/${route.name}`;
}

export class Router {
  route = $state<Route>(parseRoute(globalThis.location?.hash ?? ''));

  constructor() {
    globalThis.addEventListener?.('hashchange', () => {
      this.route = parseRoute(location.hash);
    });
  }

  go(route: Route): void {
    this.route = route;
    const hash = routeHash(route);
    if (location.hash !== hash) location.hash = hash;
  }
}

export const router = new Router();
