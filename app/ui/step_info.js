// The participant's details of the current step, drawn in the browser from one prop.
// A step change is then one small props update per participant page instead of a rebuilt element tree
// (see StepInfo in widgets.py). Every text is interpolated with {{ }}, which Vue escapes: never HTML.
export default {
  template: `
  <div class="column w-full" style="gap: 8px">
    <div v-if="info.slides" class="text-body2 text-grey-8" data-testid="step-slides">{{ info.slides }}</div>
    <div v-if="info.task" class="klynge-pre text-body1" data-testid="task">{{ info.task }}</div>
    <div v-if="info.questions && info.questions.length" class="column w-full" style="gap: 4px"
      data-testid="questions">
      <div class="text-subtitle2">{{ info.questions_title }}</div>
      <div v-for="(q, i) in info.questions" :key="i" class="column">
        <div :class="'text-body1' + (q.board ? ' text-bold' : '')">{{ q.text }}</div>
        <div v-if="q.hint" class="text-caption text-grey-8 klynge-pre">{{ q.hint }}</div>
        <div v-if="q.board" class="text-caption text-primary">{{ q.board }}</div>
      </div>
    </div>
    <div v-if="info.video" class="row items-center" style="gap: 8px">
      <q-icon name="movie" size="sm" />
      <a v-if="info.video.url" :href="info.video.url" target="_blank" rel="noopener"
        data-testid="video-link">{{ info.video.label }}</a>
      <span v-else>{{ info.video.label }}</span>
    </div>
    <div v-if="info.slide_titles && info.slide_titles.length" class="column w-full" style="gap: 4px"
      data-testid="deck-slides">
      <div class="text-subtitle2">{{ info.slides_heading }}</div>
      <div v-for="(title, i) in info.slide_titles" :key="i" class="text-body2 text-bold"
        data-testid="slide-title">{{ title }}</div>
    </div>
  </div>`,
  props: {
    info: { type: Object, default: () => ({}) },
  },
};
