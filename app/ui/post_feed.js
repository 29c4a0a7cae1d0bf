// The answers to one question on a participant's board, newest first, drawn in the browser.
// Every post is shown on every participant's page, so the list is one element per page instead of elements per
// post, and a new post sends each page only that post and the order of ids (see PostFeed in widgets.py). One's own posts have edit and delete buttons, which only send the post's
// id to the server (it checks the author again). Texts are interpolated with {{ }}, which Vue escapes.
export default {
  template: `
  <div class="column w-full" style="gap: 8px">
    <div class="text-subtitle2 q-mt-sm">{{ heading }} ({{ items.length }})</div>
    <div v-if="!items.length" class="text-grey-7">{{ empty }}</div>
    <div v-for="post in items" :key="post[0]" :data-testid="'post-' + post[0]"
      :class="['q-card nicegui-card w-full column', post[3] ? 'opacity-50' : '']" style="gap: 4px; padding: 12px">
      <div class="klynge-pre text-body1" dir="auto" data-testid="post-text">{{ post[1] }}</div>
      <div class="row w-full items-center justify-between no-wrap" style="gap: 4px">
        <div class="text-caption text-grey-8">{{ post[2] }}</div>
        <div v-if="post[4]" class="row no-wrap">
          <q-btn flat dense round icon="edit" :disable="frozen" :aria-label="editLabel" data-testid="post-edit"
            @click="$emit('edit', post[0])" />
          <q-btn flat dense round icon="delete" :disable="frozen" :aria-label="deleteLabel"
            data-testid="post-delete" @click="$emit('delete', post[0])" />
        </div>
      </div>
    </div>
  </div>`,
  props: {
    posts: { type: Array, default: () => [] }, // [id, text, meta, hidden, mine]
    heading: String,
    empty: String,
    frozen: Boolean,
    editLabel: String,
    deleteLabel: String,
  },
  emits: ["edit", "delete"],
  data() {
    return { items: [...this.posts] };
  },
  watch: {
    posts(value) {
      this.items = [...value]; // the whole list, when the page is drawn or redrawn
    },
  },
  methods: {
    // A change: the new and changed posts, and the ids of all posts in their order (a post not named is gone).
    merge(changed, order) {
      const byId = new Map(this.items.map((post) => [post[0], post]));
      for (const post of changed) byId.set(post[0], post);
      this.items = order.map((id) => byId.get(id)).filter((post) => post !== undefined);
    },
  },
};
