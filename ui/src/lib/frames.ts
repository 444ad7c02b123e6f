/**
 * Runs `run` before the next frame (requestAnimationFrame; where there are no frames, as in
 * jsdom, about a frame later); answers a way to cancel it.
 */
export function nextFrame(run: () => void): () => void {
  if (typeof requestAnimationFrame === 'function') {
    const id = requestAnimationFrame(() => run());
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(run, 16);
  return () => clearTimeout(id);
}

/**
 * Runs `run` once the next frame is on the screen: in a task queued from that frame's callbacks,
 * which runs after the frame is painted. Answers a way to cancel it.
 */
export function afterFrame(run: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cancel = nextFrame(() => (timer = setTimeout(run, 0)));
  return () => {
    cancel();
    clearTimeout(timer);
  };
}
