// A countdown that ticks in the browser from the server's deadline.
// The server sends the deadline (epoch ms) or, when paused, the remaining seconds; the browser
// corrects for its own clock's offset from the server's (sampled from /api/time, best of 5).
const sync = (window.klyngeClock = window.klyngeClock || { offset: 0, synced: null });

async function measureOffset() {
  let best = null;
  for (let i = 0; i < 5; i++) {
    const t0 = Date.now();
    try {
      const response = await fetch((window.path_prefix || "") + "/api/time", { cache: "no-store" });
      const body = await response.json();
      const t1 = Date.now();
      const rtt = t1 - t0;
      if (best === null || rtt < best.rtt) best = { rtt, offset: body.now + rtt / 2 - t1 };
    } catch (e) {
      break;
    }
  }
  if (best !== null) sync.offset = best.offset;
}

function startSync() {
  if (sync.synced === null) {
    sync.synced = measureOffset();
    setInterval(measureOffset, 60000);
  }
  return sync.synced;
}

function format(seconds) {
  const sign = seconds < 0 ? "−" : "";
  const s = Math.abs(Math.trunc(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = String(s % 60).padStart(2, "0");
  return h > 0 ? `${sign}${h}:${String(m).padStart(2, "0")}:${r}` : `${sign}${m}:${r}`;
}

export default {
  template: `<span :class="['klynge-countdown', 'klynge-countdown--' + state]" :data-remaining-ms="remainingMs"
    :data-status="status" role="timer" aria-live="off">{{ text }}</span>`,
  props: {
    deadline: Number, // epoch milliseconds, when running
    remaining: Number, // seconds, when paused or not started
    status: String, // not_started | running | paused | ended
  },
  data() {
    return { now: Date.now() + sync.offset };
  },
  computed: {
    remainingMs() {
      if (this.status === "running" && this.deadline) return Math.round(this.deadline - this.now);
      return Math.round((this.remaining || 0) * 1000);
    },
    // Round towards the next whole second, so "5:00" shows for the first second, like a kitchen timer.
    text() {
      const ms = this.remainingMs;
      return format(ms >= 0 ? Math.ceil(ms / 1000) : -Math.floor(-ms / 1000));
    },
    state() {
      if (this.status === "paused") return "paused";
      if (this.remainingMs < 0) return "overrun";
      if (this.remainingMs < 60000 && this.status === "running") return "last-minute";
      return this.status || "not_started";
    },
  },
  mounted() {
    startSync().then(() => (this.now = Date.now() + sync.offset));
    this.timer = setInterval(() => (this.now = Date.now() + sync.offset), 100);
  },
  unmounted() {
    clearInterval(this.timer);
  },
};
