#!/usr/bin/env python3
"""The llmcompat reference client: the OpenAI chat protocol in Python, standard library only (urllib + json).

Run as a program, it speaks the llmcompat client protocol (docs/client-protocol.md, llmcompat-client/1): JSON
lines on stdin and stdout, one thread per call, up to CONCURRENCY calls at once. Imported as a module, it is a
small OpenAI chat client over the neutral request of that protocol:

    import llmcompat_client as client
    target = {'baseUrl': 'http://127.0.0.1:8787/openai/v1', 'apiKey': 'sk-...', 'quirks': {}}
    request = {'model': 'gpt-4o', 'messages': [{'role': 'user', 'content': 'Hi'}]}
    result = client.complete(target, request)          # {'text', 'toolCalls', 'finishReason', ...}
    for event in client.stream(target, request):        # {'type': 'text', 'text': ...}, ...
        ...

Streamed tool calls are assembled by the rule in ToolCallTracker below, the same as llmcompat's built-in adapters.
Python 3.8 or later; no packages.
"""

import http.client
import json
import re
import sys
import threading
import traceback
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

PROTOCOL = 'llmcompat-client/1'
NAME = 'llmcompat-python-reference'
VERSION = '0.1.0'
CONCURRENCY = 4
# The harness bounds every case; this only keeps a dead socket from holding a thread forever.
SOCKET_TIMEOUT_S = 600

FINISH_REASONS = {
    'stop': 'stop',
    'length': 'length',
    'tool_calls': 'tool-calls',
    'function_call': 'tool-calls',
    'content_filter': 'content-filter',
    'error': 'error',
}


class CallError(Exception):
    """A call that failed: the message, and the HTTP status when the server answered one."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.message = message
        self.status = status


class Cancelled(Exception):
    """The harness gave up on the call."""


def finish_reason(raw):
    if raw is None or raw == '':
        return 'unknown'
    return FINISH_REASONS.get(raw, 'other')


def arguments_text(value):
    """Tool-call arguments as JSON text: sent as a string by the protocol; a lenient server's object is serialised."""
    if isinstance(value, str):
        return value
    if value is None:
        return ''
    return json.dumps(value, separators=(',', ':'), ensure_ascii=False)


def split_content(content):
    """A message `content`: a string, or a list of text (and thinking) parts."""
    if isinstance(content, str):
        return content, ''
    text, reasoning = '', ''
    if isinstance(content, list):
        for part in content:
            if not isinstance(part, dict):
                continue
            if part.get('type') == 'text' and isinstance(part.get('text'), str):
                text += part['text']
            if part.get('type') == 'thinking' and isinstance(part.get('thinking'), list):
                for piece in part['thinking']:
                    if isinstance(piece, dict) and isinstance(piece.get('text'), str):
                        reasoning += piece['text']
    return text, reasoning


def reasoning_of(message):
    """Reasoning text in a field of its own: `reasoning_content` (DeepSeek, xAI, Qwen) or `reasoning` (Groq, ...)."""
    for field in ('reasoning_content', 'reasoning'):
        value = message.get(field)
        if isinstance(value, str) and value:
            return value
    return ''


def usage_of(value):
    if not isinstance(value, dict):
        return None
    usage = {}
    details = value.get('completion_tokens_details')
    counts = (
        ('inputTokens', value.get('prompt_tokens')),
        ('outputTokens', value.get('completion_tokens')),
        ('reasoningTokens', details.get('reasoning_tokens') if isinstance(details, dict) else None),
    )
    for neutral, count in counts:
        if isinstance(count, (int, float)) and not isinstance(count, bool) and count >= 0:
            usage[neutral] = count
    return usage


# --- request ---------------------------------------------------------------------------------------------------


def convert_message(message):
    role = message['role']
    if role == 'tool':
        # The openai-chat wire has no error flag: a failed tool's content (isError true) says the error itself.
        return {'role': 'tool', 'tool_call_id': message['toolCallId'], 'content': message['content']}
    if role == 'assistant' and message.get('toolCalls'):
        return {
            'role': 'assistant',
            'content': message['content'],
            'tool_calls': [
                wire_call(call) for call in message['toolCalls']
            ],
        }
    if role == 'user' and message.get('files'):
        return {'role': 'user', 'content': [{'type': 'text', 'text': message['content']}] + [file_part(f) for f in message['files']]}
    return {'role': role, 'content': message['content']}


def file_part(file):
    """A picture as an image_url part, a PDF as a file part; both carry the file as a data URL."""
    url = f"data:{file['mediaType']};base64,{file['base64']}"
    if file['mediaType'].startswith('image/'):
        return {'type': 'image_url', 'image_url': {'url': url}}
    return {'type': 'file', 'file': {'filename': file.get('name', 'document.pdf'), 'file_data': url}}


def wire_call(call):
    """A call as it goes back; a thought signature (Google's OpenAI endpoint) goes back with it."""
    wire = {'id': call['id'], 'type': 'function', 'function': {'name': call['name'], 'arguments': call['arguments']}}
    if call.get('signature'):
        wire['extra_content'] = {'google': {'thought_signature': call['signature']}}
    return wire


def thought_signature(call):
    extra = call.get('extra_content')
    google = extra.get('google') if isinstance(extra, dict) else None
    signature = google.get('thought_signature') if isinstance(google, dict) else None
    return signature if isinstance(signature, str) and signature else None


def build_body(request, stream, quirks):
    """The chat completions body; fields the neutral request leaves out stay out."""
    body = {'model': request['model'], 'messages': [convert_message(m) for m in request['messages']]}
    if request.get('tools'):
        body['tools'] = [
            {'type': 'function', 'function': {'name': t['name'], 'description': t['description'], 'parameters': t['parameters']}}
            for t in request['tools']
        ]
    tool_choice = request.get('toolChoice')
    if isinstance(tool_choice, dict):
        # A tool forced by name: {"name": "get_time"} in the neutral request.
        body['tool_choice'] = {'type': 'function', 'function': {'name': tool_choice['name']}}
    elif tool_choice is not None:
        body['tool_choice'] = tool_choice
    response_format = request.get('responseFormat')
    if response_format is not None and response_format['type'] == 'json-object':
        body['response_format'] = {'type': 'json_object'}
    elif response_format is not None:
        body['response_format'] = {
            'type': 'json_schema',
            'json_schema': {'name': response_format['name'], 'schema': response_format['schema'], 'strict': response_format.get('strict', True)},
        }
    if request.get('maxTokens') is not None:
        # OpenAI's reasoning models refuse max_tokens; other servers may not know max_completion_tokens.
        reasoning = re.match(r'(?:o\d|gpt-5)', request['model']) is not None
        body['max_completion_tokens' if reasoning else 'max_tokens'] = request['maxTokens']
    if request.get('stop') is not None:
        body['stop'] = request['stop']
    if request.get('temperature') is not None:
        body['temperature'] = request['temperature']
    if request.get('reasoning') is not None:
        # A thinking budget as OpenAI's effort levels: low up to 2048 tokens, medium up to 8192.
        budget = request['reasoning']['budgetTokens']
        body['reasoning_effort'] = 'low' if budget <= 2048 else 'medium' if budget <= 8192 else 'high'
    body['stream'] = stream
    # Cohere's compatibility API rejects stream_options; the harness says so in target.quirks.
    if stream and request.get('includeUsage') and not (quirks or {}).get('noStreamOptions'):
        body['stream_options'] = {'include_usage': True}
    return body


def is_loopback(url):
    host = urllib.parse.urlsplit(url).hostname or ''
    return host in ('127.0.0.1', 'localhost', '::1')


def send_request(target, body):
    url = target['baseUrl'].rstrip('/') + '/chat/completions'
    headers = {
        'Content-Type': 'application/json',
        'Accept': 'application/json',
        'User-Agent': '%s/%s Python-urllib/%d.%d' % (NAME, VERSION, sys.version_info[0], sys.version_info[1]),
    }
    if target.get('apiKey'):
        headers['Authorization'] = 'Bearer ' + target['apiKey']
    data = json.dumps(body, ensure_ascii=False).encode('utf-8')
    request = urllib.request.Request(url, data=data, headers=headers, method='POST')
    # A proxy from the environment must not stand between the client and llmcompat's gateway on loopback.
    handlers = [urllib.request.ProxyHandler({})] if is_loopback(url) else []
    opener = urllib.request.build_opener(*handlers)
    try:
        return opener.open(request, timeout=SOCKET_TIMEOUT_S)
    except urllib.error.HTTPError as error:
        raise CallError(http_error_message(error), error.code) from None
    except urllib.error.URLError as error:
        raise CallError('the request failed: %s' % (error.reason,)) from None
    except OSError as error:
        raise CallError('the request failed: %s' % (error,)) from None


def http_error_message(error):
    try:
        text = error.read().decode('utf-8', 'replace')
    except OSError:
        text = ''
    message = text.strip()[:300]
    try:
        parsed = json.loads(text)
        inner = parsed.get('error') if isinstance(parsed, dict) else None
        if isinstance(inner, dict) and isinstance(inner.get('message'), str):
            message = inner['message']
        elif isinstance(inner, str):
            message = inner
        elif isinstance(parsed, dict) and isinstance(parsed.get('message'), str):
            message = parsed['message']
    except ValueError:
        pass
    return 'HTTP %d: %s' % (error.code, message or error.reason)


def describe_error(error):
    if isinstance(error, dict):
        parts = [str(error[key]) for key in ('code', 'message') if error.get(key) is not None]
        return ' '.join(parts) or json.dumps(error)
    return str(error)


# --- an answer that is not streamed -----------------------------------------------------------------------------


def map_response(data):
    if not isinstance(data, dict):
        raise CallError('the response is not a JSON object')
    if data.get('error') is not None:
        raise CallError('the response carried an error: ' + describe_error(data['error']))
    choices = data.get('choices') or []
    choice = choices[0] if choices and isinstance(choices[0], dict) else {}
    message = choice.get('message') if isinstance(choice.get('message'), dict) else {}
    text, thinking = split_content(message.get('content'))
    tool_calls = []
    for call in message.get('tool_calls') or []:
        if not isinstance(call, dict) or not isinstance(call.get('function'), dict):
            continue
        mapped = {
            'id': call.get('id') or '',
            'name': call['function'].get('name') or '',
            'arguments': arguments_text(call['function'].get('arguments')),
        }
        if thought_signature(call):
            mapped['signature'] = thought_signature(call)
        tool_calls.append(mapped)
    raw = choice.get('finish_reason')
    result = {
        'text': text,
        'toolCalls': tool_calls,
        'finishReason': finish_reason(raw),
    }
    reasoning = thinking or reasoning_of(message)
    if reasoning:
        result['reasoning'] = reasoning
    if isinstance(raw, str) and raw:
        result['rawFinishReason'] = raw
    usage = usage_of(data.get('usage'))
    if usage is not None:
        result['usage'] = usage
    if isinstance(data.get('model'), str) and data['model']:
        result['model'] = data['model']
    return result


def complete(target, request):
    """One answer, not streamed: the neutral result as a dict."""
    response = send_request(target, build_body(request, False, target.get('quirks')))
    with response:
        try:
            text = response.read().decode('utf-8')
        except (http.client.HTTPException, OSError) as error:
            raise CallError('the connection broke in the middle of the body: %r' % (error,)) from None
    try:
        data = json.loads(text)
    except ValueError:
        raise CallError('the response is not JSON: ' + text[:200]) from None
    return map_response(data)


# --- a streamed answer ------------------------------------------------------------------------------------------


class ToolCallTracker:
    """Gives each streamed tool-call fragment the neutral index of the call it belongs to.

    The rule (the same as llmcompat's built-in adapters):
    - A fragment with an integer `index` belongs to the call that index opened, unless it brings a non-empty `id`
      different from that call's: a provider reusing an index for a new call. Then it opens a new call.
    - A fragment without an integer `index` (Gemini's and older Ollama's OpenAI-compatible streams send none) opens
      a new call when it brings a non-empty id other than the current call's, or a name while the current call
      already has one; otherwise it continues the current call.
    Calls are numbered from 0 in the order they opened, whatever indexes the wire used.
    """

    def __init__(self):
        self.by_wire_index = {}
        self.calls = []
        self.current = None

    def assign(self, index, call_id, name):
        call_id = call_id or ''
        name = name or ''
        if isinstance(index, int) and not isinstance(index, bool):
            known = self.by_wire_index.get(index)
            reused = known is not None and call_id and known['id'] and call_id != known['id']
            call = known if known is not None and not reused else self._open()
            self.by_wire_index[index] = call
        else:
            current = self.current
            starts_new = current is None or (call_id and call_id != current['id']) or (name and current['has_name'])
            call = self._open() if starts_new else current
        if call_id:
            call['id'] = call_id
        if name:
            call['has_name'] = True
        self.current = call
        return call['index']

    def _open(self):
        call = {'index': len(self.calls), 'id': '', 'has_name': False}
        self.calls.append(call)
        return call


def body_lines(response):
    """The body's lines as they arrive. A body cut off (no end of its chunked framing, or short of its length) is an
    error: iterating the response itself would end quietly there, and a truncated answer would pass for a whole one.
    """
    pending = b''
    try:
        while True:
            data = response.read1(65536)
            if not data:
                break
            pending += data
            *lines, pending = pending.split(b'\n')
            for line in lines:
                yield line + b'\n'
        if response.length:
            raise http.client.IncompleteRead(pending, response.length)
    except (http.client.HTTPException, OSError) as error:
        raise CallError('the connection broke in the middle of the body: %r' % (error,)) from None
    if pending:
        yield pending


def sse_events(response):
    """Server-sent events as (event name, data): comments skipped, multi-line data joined, LF or CRLF."""
    data, name = [], None
    for raw in body_lines(response):
        line = raw.decode('utf-8').rstrip('\r\n')
        if line == '':
            if data:
                yield name, '\n'.join(data)
            data, name = [], None
            continue
        if line.startswith(':'):
            continue
        field, _, value = line.partition(':')
        if value.startswith(' '):
            value = value[1:]
        if field == 'data':
            data.append(value)
        elif field == 'event':
            name = value
    # A last event the body ended without a blank line after: read, as the openai SDK reads it.
    if data:
        yield name, '\n'.join(data)


def stream(target, request, cancelled=None):
    """The neutral stream events of one streamed answer, as they arrive; the finish event comes last."""
    response = send_request(target, build_body(request, True, target.get('quirks')))
    tracker = ToolCallTracker()
    model = None
    raw_finish = None
    with response:
        for name, data in sse_events(response):
            if cancelled is not None and cancelled():
                raise Cancelled()
            if data == '[DONE]':
                break
            try:
                chunk = json.loads(data)
            except ValueError:
                raise CallError('a server-sent event is not JSON: ' + data[:200]) from None
            if not isinstance(chunk, dict):
                continue
            if name == 'error' or chunk.get('error') is not None:
                raise CallError('the stream carried an error: ' + describe_error(chunk.get('error', chunk)))
            if isinstance(chunk.get('model'), str) and chunk['model'] and chunk['model'] != model:
                model = chunk['model']
                yield {'type': 'model', 'model': model}
            for choice in chunk.get('choices') or []:
                if not isinstance(choice, dict) or (choice.get('index') or 0) != 0:
                    continue
                delta = choice.get('delta') if isinstance(choice.get('delta'), dict) else {}
                text, thinking = split_content(delta.get('content'))
                if not text and isinstance(choice.get('text'), str):
                    text = choice['text']  # the legacy completions shape
                reasoning = thinking or reasoning_of(delta)
                if reasoning:
                    yield {'type': 'reasoning', 'text': reasoning}
                if text:
                    yield {'type': 'text', 'text': text}
                for call in delta.get('tool_calls') or []:
                    if not isinstance(call, dict):
                        continue
                    function = call.get('function') if isinstance(call.get('function'), dict) else {}
                    event = {
                        'type': 'tool-call-delta',
                        'index': tracker.assign(call.get('index'), call.get('id'), function.get('name')),
                    }
                    if call.get('id'):
                        event['id'] = call['id']
                    if function.get('name'):
                        event['name'] = function['name']
                    arguments = arguments_text(function.get('arguments'))
                    if arguments:
                        event['argumentsDelta'] = arguments
                    if thought_signature(call):
                        event['signature'] = thought_signature(call)
                    yield event
                if choice.get('finish_reason'):
                    raw_finish = choice['finish_reason']
            usage = usage_of(chunk.get('usage'))
            if usage is not None:
                yield {'type': 'usage', 'usage': usage}
    if raw_finish is not None:
        yield {'type': 'finish', 'finishReason': finish_reason(raw_finish), 'rawFinishReason': raw_finish}


# --- the llmcompat client protocol -----------------------------------------------------------------------------


class Session:
    def __init__(self, out):
        self.out = out
        self.lock = threading.Lock()
        self.cancelled = set()

    def send(self, message):
        line = json.dumps(message) + '\n'
        with self.lock:
            self.out.write(line.encode('ascii'))
            self.out.flush()

    def handle(self, call):
        call_id = call['id']
        try:
            if call.get('target', {}).get('protocol') != 'openai-chat':
                raise CallError('this client speaks openai-chat only')
            if call['stream']:
                for event in stream(call['target'], call['request'], lambda: call_id in self.cancelled):
                    self.send({'type': 'event', 'id': call_id, 'event': event})
                self.send({'type': 'end', 'id': call_id})
            else:
                self.send({'type': 'result', 'id': call_id, 'result': complete(call['target'], call['request'])})
        except Cancelled:
            pass
        except CallError as error:
            answer = {'message': error.message}
            if error.status is not None:
                answer['status'] = error.status
            self.send({'type': 'error', 'id': call_id, 'error': answer})
        except Exception as error:  # a bug here: say so, on the call and on stderr
            traceback.print_exc(file=sys.stderr)
            self.send({'type': 'error', 'id': call_id, 'error': {'message': 'client bug: %r' % (error,)}})
        finally:
            self.cancelled.discard(call_id)


def serve():
    session = Session(sys.stdout.buffer)
    pool = ThreadPoolExecutor(max_workers=CONCURRENCY)
    for raw in sys.stdin.buffer:
        line = raw.decode('utf-8').strip()
        if not line:
            continue
        message = json.loads(line)
        kind = message.get('type')
        if kind == 'hello':
            major = str(message.get('protocol', '')).split('.')[0]
            if major != PROTOCOL:
                sys.stderr.write('llmcompat speaks %s; this client speaks %s\n' % (message.get('protocol'), PROTOCOL))
                return 3
            session.send({
                'type': 'hello',
                'protocol': PROTOCOL,
                'client': {'name': NAME, 'version': VERSION},
                'protocols': ['openai-chat'],
                'concurrency': CONCURRENCY,
            })
        elif kind == 'call':
            pool.submit(session.handle, message)
        elif kind == 'cancel':
            session.cancelled.add(message.get('id'))
        elif kind == 'bye':
            break
        # Any other message type is from a later minor version: ignored, as the protocol asks.
    pool.shutdown(wait=True)
    return 0


if __name__ == '__main__':
    sys.exit(serve())
