/** Map cards drawn at once in the home, and added each time the end of the list comes near. */
export const HOME_PAGE = 48;

/** How many cards to draw so that the one at `index` is among them (whole pages). */
export function pageFor(index: number): number {
  return (Math.floor(index / HOME_PAGE) + 1) * HOME_PAGE;
}
