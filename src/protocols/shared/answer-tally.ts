import type { WireFinish, WireUsage, WireView } from './wire-event.ts';

/** What one choice (OpenAI), candidate (Gemini) or message (Anthropic, Ollama) has said so far. */
export interface ChoiceTally {
  /** Text by content block (one entry where the protocol has no blocks), in the order the blocks began. */
  texts: Map<number | undefined, string>;
  /** Tool calls the client has to run: call-opening fragments, not argument continuations or server tools. */
  toolCalls: number;
  /** The last finish reason given. */
  finish?: WireFinish;
}

/** The neutral views of the events a protocol's checks accepted, folded into what the answer said. */
export class AnswerTally {
  readonly choices = new Map<number, ChoiceTally>();
  /** Some choice gave a finish reason (a blocked prompt is one). */
  finished = false;
  /** Some event carried usage. */
  usage = false;
  /** The counts the events gave, a later count of a kind replacing an earlier one. */
  counts: WireUsage = {};

  choice(index: number): ChoiceTally {
    let choice = this.choices.get(index);
    if (!choice) {
      choice = { texts: new Map(), toolCalls: 0 };
      this.choices.set(index, choice);
    }
    return choice;
  }

  add(view: WireView): void {
    for (const delta of view.deltas) {
      if (delta.type !== 'text') continue;
      const { texts } = this.choice(delta.choice);
      texts.set(delta.block, (texts.get(delta.block) ?? '') + delta.text);
    }
    for (const call of view.toolCalls) {
      if (!call.continuation && !call.server) this.choice(call.choice).toolCalls++;
    }
    for (const finish of view.finishes) {
      this.finished = true;
      this.choice(finish.choice).finish = finish;
    }
    if (view.usage) {
      this.usage = true;
      this.counts = { ...this.counts, ...view.usage };
    }
  }
}
