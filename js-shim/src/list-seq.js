// @reel/shim — which of the app's batches a display list shows.
//
// Why this exists: the engine's thread paints (or posts) display lists that
// no batch of the app asked for — the rebuilt scene after a trap (the
// supervisor's fresh instance, repainted at once), an image that loaded,
// a running animation on the display clock, a restored GL context. With a
// Worker painter, painting is coalesced to the next animation frame, so
// such a paint can reach the page after the app sent its next batch; a page
// that took "the next 'paint'" as its batch's paint then read pixels of the
// scene before that batch (tests/browser/robustness.test.mjs, the trap test,
// failed one run in three that way). So each `frame` / `displayList`
// message carries `seq`: every app batch up to and including it is in the
// list (applied, or rejected: nothing of it to show). The counting lives
// here, beside neither engine-worker.js nor node-backend.js, because both
// speak the same protocol and must count the same way.

/** Tracks the newest app batch seq a display list made now would show. */
export class ListSeq {
  constructor() {
    /** Every app batch up to this seq is in the current display list (0: none yet). */
    this.seq = 0;
    /** The last app batch handled. */
    this._applied = 0;
    /** An accepted batch without FRAME was handled since the last engine frame. */
    this._unframed = false;
  }

  /**
   * After the supervisor handled app batch `seq`: `code` its result (0
   * accepted), `framed` it carries FRAME, `recovered` the engine trapped and
   * a fresh instance (whose rebuild ran a frame over the journal) replaced it.
   */
  batch(seq, code, framed, recovered) {
    const before = this._applied;
    this._applied = seq;
    if (recovered) {
      // The rebuild framed every batch accepted before this one.
      this.seq = before;
      this._unframed = false;
    }
    if (code !== 0) {
      // Rejected: nothing of it to show, so the list shows it as much as the last one.
      if (!this._unframed) this.seq = seq;
    } else if (framed) {
      this.seq = seq;
      this._unframed = false;
    } else {
      this._unframed = true;
    }
  }

  /** An engine frame ran (reel_frame, or a rebuild after a trap): it shows every batch handled. */
  framed() {
    this.seq = this._applied;
    this._unframed = false;
  }
}
