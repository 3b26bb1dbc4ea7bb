/** One wire fragment of a streamed tool call, as far as assigning it to a call is concerned. */
export interface ToolCallFragment {
  /** The wire `index`; absent or null on Gemini-compat, older Ollama and Mistral. */
  index?: number | null;
  id?: string | null;
  name?: string | null;
}

interface TrackedCall {
  index: number;
  id: string;
  hasName: boolean;
}

/**
 * Assigns each streamed tool-call fragment a stable neutral index.
 *
 * With a wire `index`, fragments sharing it belong to one call, unless a fragment brings a different
 * non-empty id (a provider reusing an index for a second call). Without one, a fragment that carries a
 * non-empty id different from the current call's, or a name while the current call already has a name,
 * starts a new call; anything else continues the current call.
 */
export class ToolCallIndexTracker {
  readonly #byWireIndex = new Map<number, TrackedCall>();
  readonly #calls: TrackedCall[] = [];
  #current: TrackedCall | undefined;

  /** Returns the neutral index of the call this fragment belongs to. */
  assign(fragment: ToolCallFragment): number {
    const id = fragment.id ?? '';
    const name = fragment.name ?? '';
    let call: TrackedCall;
    if (typeof fragment.index === 'number') {
      const known = this.#byWireIndex.get(fragment.index);
      const reusedByAnotherCall = known !== undefined && id !== '' && known.id !== '' && id !== known.id;
      call = known && !reusedByAnotherCall ? known : this.#open();
      this.#byWireIndex.set(fragment.index, call);
    } else {
      const current = this.#current;
      const startsNew =
        current === undefined || (id !== '' && id !== current.id) || (name !== '' && current.hasName);
      call = startsNew ? this.#open() : current;
    }
    if (id !== '') call.id = id;
    if (name !== '') call.hasName = true;
    this.#current = call;
    return call.index;
  }

  #open(): TrackedCall {
    const call: TrackedCall = { index: this.#calls.length, id: '', hasName: false };
    this.#calls.push(call);
    return call;
  }
}
