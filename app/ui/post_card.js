// Someone else's post on a participant's board: one element per post instead of a card with labels, since
// every post is drawn on every participant's page (see PostCard in widgets.py). The text is interpolated with
// {{ }}, which Vue escapes: a post is never HTML.
export default {
  template: `
  <div :class="['q-card nicegui-card w-full q-pa-sm column', hidden ? 'opacity-50' : '']"
    style="gap: 4px; padding: 12px">
    <div :class="['klynge-pre', big ? 'text-h5' : 'text-body1']" dir="auto" data-testid="post-text">{{ text }}</div>
    <div :class="big ? 'text-h6 opacity-80' : 'text-caption text-grey-8'">{{ meta }}</div>
  </div>`,
  props: {
    text: String,
    meta: String,
    hidden: Boolean,
    big: Boolean,
  },
};
