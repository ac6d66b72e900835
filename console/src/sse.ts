import { problemOf, request } from './api';

export interface StreamEvent {
  event: string;
  id?: string;
  data: string;
}

/** Splits a text/event-stream into events; keeps the unfinished tail for the next chunk. */
export class EventStreamParser {
  private buffer = '';

  push(chunk: string): StreamEvent[] {
    this.buffer += chunk.replace(/\r\n?/g, '\n');
    const events: StreamEvent[] = [];
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = 'message';
      let id: string | undefined;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (!line || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'id') id = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length) events.push({ event, id, data: data.join('\n') });
    }
    return events;
  }
}

/**
 * Follows a server-sent event stream with fetch (EventSource cannot send the Authorization
 * header), reconnecting with Last-Event-ID until the signal aborts.
 */
export async function followStream(
  path: string,
  onEvent: (event: StreamEvent) => void,
  signal: AbortSignal,
  onState?: (state: 'open' | 'retrying', detail?: string) => void,
): Promise<void> {
  let lastId: string | undefined;
  while (!signal.aborted) {
    try {
      const headers: Record<string, string> = { Accept: 'text/event-stream' };
      if (lastId) headers['Last-Event-ID'] = lastId;
      const response = await request(path, { headers, signal });
      if (!response.ok || !response.body) throw await problemOf(response);
      onState?.('open');
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = new EventStreamParser();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const event of parser.push(value)) {
          if (event.id) lastId = event.id;
          onEvent(event);
        }
      }
    } catch (error) {
      if (signal.aborted) return;
      onState?.('retrying', (error as Error).message);
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }
}
