#!/usr/bin/env python3
"""Differential conformance check: send the same raw HTTP requests to a
reference StellMap server and to stellmap-devd, compare the answers.

Both servers must start empty, with the same number of nodes and the same
starting revision. Answers are compared on status line, headers (Date
excluded) and body; Unix timestamps in bodies are masked. Usage:

  compare.py --reference 127.0.0.1:18090,127.0.0.1:18091 \
             --candidate 127.0.0.1:18190,127.0.0.1:18191 [--verbose]

Exit status 0 when every answer matches.
"""
import argparse
import json
import re
import socket
import sys
import time

TS = re.compile(rb'"(registeredAtUnix|lastHeartbeatUnix)":\d+')


def send(addr, raw, stream_wait=0.3, timeout=5.0):
    """Sends one request (with Connection: close) and reads until the server
    closes; an event stream is read for stream_wait seconds."""
    host, port = addr.rsplit(':', 1)
    s = socket.create_connection((host, int(port)), timeout=timeout)
    try:
        s.sendall(raw)
    except (ConnectionResetError, BrokenPipeError):
        pass
    data = b''
    deadline = time.time() + timeout
    stream_deadline = None
    s.settimeout(0.05)
    while time.time() < deadline:
        if stream_deadline and time.time() >= stream_deadline:
            break
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            continue
        except ConnectionResetError:
            data += b'<reset>'
            break
        if not chunk:
            break
        data += chunk
        if stream_deadline is None:
            head_end = data.find(b'\r\n\r\n')
            if head_end >= 0 and b'text/event-stream' in data[:head_end]:
                stream_deadline = time.time() + stream_wait
    s.close()
    return data


def dechunk(body):
    out = b''
    while body:
        line, _, rest = body.partition(b'\r\n')
        try:
            size = int(line.split(b';')[0], 16)
        except ValueError:
            return out + body
        if size == 0:
            break
        out += rest[:size]
        body = rest[size + 2:]
    return out


def normalize(data, ports=()):
    for theirs, ours in ports:
        data = data.replace(theirs.encode(), ours.encode())
    return _normalize(data)


def _normalize(data):
    head_end = data.find(b'\r\n\r\n')
    if head_end < 0:
        return ('<no header end>', [], TS.sub(rb'"\1":T', data))
    head = data[:head_end].decode('latin1').split('\r\n')
    body = data[head_end + 4:]
    headers = [h for h in head[1:] if not h.lower().startswith('date:')]
    if any(h.lower() == 'transfer-encoding: chunked' for h in headers):
        body = dechunk(body)
    body = TS.sub(rb'"\1":T', body)
    return (head[0], headers, body)


def request(method, path, body=None, headers=None, version='HTTP/1.1', host=True):
    lines = [f'{method} {path} {version}']
    if host:
        lines.append('Host: localhost')
    for h in headers or []:
        lines.append(h)
    payload = b''
    if body is not None:
        payload = body if isinstance(body, bytes) else body.encode()
        lines.append(f'Content-Length: {len(payload)}')
    lines.append('Connection: close')
    return ('\r\n'.join(lines) + '\r\n\r\n').encode('latin1') + payload


REG = '/api/v1/registry/register'
DEREG = '/api/v1/registry/deregister'
HB = '/api/v1/registry/heartbeat'
Q = '/api/v1/registry/instances'
W = '/api/v1/registry/watch'
SD = '/internal/v1/prometheus/sd'

EP = '[{"protocol":"http","host":"10.0.0.1","port":8080}]'
# Long leases: nothing may expire while the comparison runs.
TTL = ',"leaseTtlSeconds":900'


def reg(ns='prod', svc='company.trade.order.order-center.api', iid='i1', extra=''):
    return ('{"namespace":%s,"service":%s,"instanceId":%s,"endpoints":%s%s%s}'
            % (json.dumps(ns), json.dumps(svc), json.dumps(iid), EP, extra or TTL, ''))


def cases():
    c = []
    add = lambda name, raw, node=0: c.append((name, raw, node))
    # --- routing and methods
    for path in ['/', '/nope', '/healthz/', Q + '/', '//healthz', '/api/v1/../healthz',
                 '/api/v1/registry/./instances?namespace=x', '/%68ealthz', '/api/v1/registry%2Finstances',
                 '/healthz?x=1', '/api//v1/registry/instances?namespace=a&b=%26', '/a/b/../../metrics/',
                 '/api/v1/registry/instances/..', '/healthz/.', '/x%20y//z']:
        add('GET ' + path, request('GET', path))
        add('POST ' + path, request('POST', path, body='{}'))
        add('HEAD ' + path, request('HEAD', path))
    for route in [REG, DEREG, HB, Q, W, SD, '/internal/v1/replication/watch', '/metrics', '/healthz', '/readyz']:
        for method in ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'FOO']:
            if route in (W,) and method == 'GET':
                continue
            if route == '/metrics' and method == 'GET':
                continue
            add(f'{method} {route}', request(method, route, body='' if method != 'GET' else None))
    add('OPTIONS *', request('OPTIONS', '*'))
    add('GET *', request('GET', '*'))
    add('missing host', request('GET', '/healthz', host=False))
    add('http/1.0 healthz', request('GET', '/healthz', version='HTTP/1.0', host=False))
    add('two hosts', request('GET', '/healthz', headers=['Host: b']))
    add('bad path escape', request('GET', '/health%zz'))
    add('absolute form', request('GET', 'http://example.com/healthz'))
    # --- HTTP framing
    add('pipelined', b'GET /healthz HTTP/1.1\r\nHost: a\r\n\r\nGET /readyz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n')
    add('http/1.0 keep-alive', b'GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /nope HTTP/1.0\r\n\r\n')
    add('chunked request body', b'POST /api/v1/registry/register HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\n{"foo\r\n4\r\n":1}\r\n0\r\n\r\n')
    add('expect 100-continue', b'POST /api/v1/registry/register HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}')
    add('unsupported transfer encoding', b'POST /api/v1/registry/register HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n')
    add('header too large', b'GET /healthz HTTP/1.1\r\nHost: a\r\nX-Big: ' + b'x' * (1 << 20) + b'\r\n\r\n')
    add('bad content length', b'POST /api/v1/registry/register HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n')
    add('lowercase method', b'get /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n')
    add('HTTP/2.0 version', b'GET /healthz HTTP/2.0\r\nHost: a\r\n\r\n')
    add('header over 64 KiB', b'GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\nX-Big: ' + b'x' * 100000 + b'\r\n\r\n')
    add('header over 1 MiB', b'GET /healthz HTTP/1.1\r\nHost: a\r\nX-Big: ' + b'x' * (1100000) + b'\r\n\r\n')
    add('expect other', b'POST /api/v1/registry/register HTTP/1.1\r\nHost: a\r\nExpect: 200-ok\r\nContent-Length: 2\r\n\r\n{}')
    add('expect on 405', b'GET /api/v1/registry/register HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}')
    add('two transfer encodings', b'POST /api/v1/registry/register HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n')
    # --- how Go reads a request head and body
    for name, raw in [
            ('bare LF', b'GET /healthz HTTP/1.1\nHost: a\nConnection: close\n\n'),
            ('mixed LF', b'GET /healthz HTTP/1.1\r\nHost: a\nConnection: close\r\n\n'),
            ('HTTP/1.2', b'GET /healthz HTTP/1.2\r\nHost: a\r\nConnection: close\r\n\r\n'),
            ('Content-Length list', b'POST ' + REG.encode() + b' HTTP/1.1\r\nHost: a\r\nContent-Length: 2, 2\r\nConnection: close\r\n\r\n{}'),
            ('two equal lengths', b'POST ' + REG.encode() + b' HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}'),
            ('two lengths', b'POST ' + REG.encode() + b' HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{}'),
            ('length +2', b'POST ' + REG.encode() + b' HTTP/1.1\r\nHost: a\r\nContent-Length: +2\r\nConnection: close\r\n\r\n{}'),
            ('host with space', b'GET /healthz HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n'),
            ('empty host', b'GET /healthz HTTP/1.1\r\nHost:\r\nConnection: close\r\n\r\n'),
            ('length and chunked', b'POST ' + REG.encode() + b' HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n'),
            ('bad chunk size', b'POST ' + REG.encode() + b' HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n'),
            ('bad chunk after value', b'POST ' + REG.encode() + b' HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\nzz\r\n'),
            ('chunk without CRLF', b'POST ' + REG.encode() + b' HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{xx\r\n0\r\n\r\n'),
            ('chunked on 405', b'GET ' + REG.encode() + b' HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'),
            ('http/1.0 ignores chunked', b'POST ' + REG.encode() + b' HTTP/1.0\r\nTransfer-Encoding: gzip\r\nContent-Length: 2\r\n\r\n{}'),
            ('absolute form without path', b'GET http://foo HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n'),
            ('absolute form with query', b'GET http://foo?x=1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n'),
            ('CONNECT', b'CONNECT foo:443 HTTP/1.1\r\nHost: foo:443\r\nConnection: close\r\n\r\n'),
            ('NUL in a header value', b'GET /healthz HTTP/1.1\r\nHost: a\r\nX-A: b\x00c\r\nConnection: close\r\n\r\n'),
            ('space in a header name', b'GET /healthz HTTP/1.1\r\nHost: a\r\nX A: b\r\nConnection: close\r\n\r\n'),
            ('empty header name', b'GET /healthz HTTP/1.1\r\nHost: a\r\n: b\r\nConnection: close\r\n\r\n'),
            ('folded header', b'GET /healthz HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\nConnection: close\r\n\r\n'),
            ('space before colon', b'GET /healthz HTTP/1.1\r\nHost: a\r\nX-A : b\r\nConnection: close\r\n\r\n'),
            ('line without colon', b'GET /healthz HTTP/1.1\r\nHost: a\r\nnocolon\r\nConnection: close\r\n\r\n'),
            ('fold as first header', b'GET /healthz HTTP/1.1\r\n x: y\r\nHost: a\r\n\r\n'),
            ('HTTP/1', b'GET /healthz HTTP/1\r\nHost: a\r\n\r\n'),
            ('lower-case http', b'GET /healthz http/1.1\r\nHost: a\r\n\r\n'),
            ('tab in target', b'GET /health\tz HTTP/1.1\r\nHost: a\r\n\r\n'),
            ('UTF-8 in target', 'GET /héalthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n'.encode()),
            ('double space', b'GET  /healthz HTTP/1.1\r\nHost: a\r\n\r\n'),
            ('Host header case', b'GET /healthz HTTP/1.1\r\nhOST: a\r\nConnection: close\r\n\r\n'),
            ('empty Content-Length', b'POST ' + REG.encode() + b' HTTP/1.1\r\nHost: a\r\nContent-Length:\r\nConnection: close\r\n\r\n'),
    ]:
        add(name, raw)
    # --- register bodies: Go's decoder
    bodies = ['', ' ', '\n\t ', 'null', '[]', '5', '"x"', 'true', 'false', '{', '{"a"', '{"namespace":}', '{,}',
              '{"namespace":"a",}', '[1,]', '{"namespace":1}', '{"foo":1}', '\ufeff{}', '{"port":1}',
              '{"endpoints":{}}', '{"endpoints":[1]}', '{"endpoints":"x"}', '{"endpoints":[{"port":"x"}]}',
              '{"endpoints":[{"port":1.5}]}', '{"endpoints":[{"port":1e3}]}', '{"endpoints":[{"port":70000000000}]}',
              '{"endpoints":[{"port":-1}]}', '{"endpoints":[{"weight":true}]}', '{"endpoints":[{"foo":1}]}',
              '{"leaseTtlSeconds":"1"}', '{"leaseTtlSeconds":1.0}', '{"leaseTtlSeconds":99999999999999999999}',
              '{"labels":[]}', '{"labels":{"a":1}}', '{"labels":"x"}', '{"labels":{"a":null}}',
              '{"NameSpace":"x"}', '{"NAMESPACE":1}', '{} trailing garbage', '{"a":1}{"b":2}', '{"foo":1,"namespace":2}',
              '{"namespace":2,"foo":1}', '{"namespace":"\\ud800"}', '{"namespace":"\\x"}', '{"namespace":"\\u12G4"}',
              '{"namespace":"a\u0001"}', '[' * 10001, '[' * 10000, '-', '01', '1.', '1e', '-a', '1.a', '1e+',
              'tru', 'nul', 'fals', 'trux', 'nulL', '{"namespace":tru}', '{"a":[1 2]}', '{"a" 1}', '{"a":1 "b":2}',
              "{'a':1}", '\x00', '\x7f', '\xc3\xa9', '{"namespace":"x","endpoints":[null]}', '{"instanceId":{}}',
              '{"zone":[]}', '{"service":false}', 'nullx', '  {"namespace":"prod"}  x', '{"endpoints":[{"port":0}]}']
    for i, b in enumerate(bodies):
        raw = b.encode('latin1') if all(ord(ch) < 256 for ch in b) else b.encode()
        add(f'register body {i} {b[:30]!r}', request('POST', REG, body=raw))
        if i % 3 == 0:
            add(f'deregister body {i} {b[:30]!r}', request('POST', DEREG, body=raw))
            add(f'heartbeat body {i} {b[:30]!r}', request('POST', HB, body=raw))
    # --- register validation
    validations = [
        '{}', '{"namespace":"prod"}', '{"namespace":"prod","service":"s"}',
        '{"namespace":"prod","service":"s","instanceId":"i"}',
        '{"namespace":"prod","organization":"a"}',
        '{"service":"a.b.c.d.e","organization":"x"}',
        '{"service":"a. b.c.d.e"}', '{"service":"a.b.c.d.e","instanceId":"i","namespace":"n"}',
        '{"service":"a.b.c.d","organization":"a","businessDomain":"b","capabilityDomain":"c","application":"d","role":"e"}',
        '{"service":"x\\"y\\t\\u0001\u00e9\u00a0\U0001F600.b.c.d.e","organization":"z"}',
        '{"namespace":" ","service":" ","instanceId":" "}',
        '{"leaseTtlSeconds":-1}', '{"service":"s","leaseTtlSeconds":-1}',
        '{"service":"s","endpoints":[]}', '{"service":"s","endpoints":[{}]}',
        '{"service":"s","endpoints":[{"protocol":"http"}]}',
        '{"service":"s","endpoints":[{"protocol":"http","host":"h"}]}',
        '{"service":"s","endpoints":[{"protocol":"http","host":"h","port":65536}]}',
        '{"service":"s","endpoints":[{"protocol":"http","host":"h","port":1,"weight":-1}]}',
        '{"service":"s","endpoints":[{"protocol":"http","host":"h","port":1},{"protocol":"http","host":"h","port":2}]}',
        '{"service":"s","endpoints":[{"name":"a","protocol":"http","host":"h","port":1},{"name":" a ","protocol":"grpc","host":"h","port":2}]}',
        '{"service":"s","endpoints":[{"protocol":" ","host":"h","port":1}]}',
        '{"service":"s","endpoints":[{"protocol":"http","host":"h","port":1}]}',
        '{"namespace":"n","service":"s","endpoints":[{"protocol":"http","host":"h","port":1}]}',
    ]
    for i, b in enumerate(validations):
        add(f'register validation {i}', request('POST', REG, body=b.encode()))
        add(f'deregister validation {i}', request('POST', DEREG, body=b.encode()))
        add(f'heartbeat validation {i}', request('POST', HB, body=b.encode()))
    # --- happy path writes
    add('register i1', request('POST', REG, body=reg()))
    add('register i2 labels', request('POST', REG, body=reg(iid='i2', extra=',"zone":"az1","labels":{" color ":" gray ","":"x","version":"v2","z":"<&>"},"metadata":{"sha":"abc"},"leaseTtlSeconds":900')))
    add('register plain', request('POST', REG, body=reg(svc='plain-svc', iid='p1')))
    add('register slash id', request('POST', REG, body=reg(iid='a/b')))
    add('register structured', request('POST', REG, body=b'{"namespace":"prod","organization":"company","businessDomain":"trade","capabilityDomain":"cart","application":"cart-service","role":"api","instanceId":"c1","endpoints":[{"name":"grpc","protocol":"grpc","host":"10.0.0.2","port":9090,"weight":50,"path":"/x"},{"protocol":"http","host":"10.0.0.2","port":8080}],"leaseTtlSeconds":900}'))
    add('register other ns', request('POST', REG, body=reg(ns='staging', iid='s1')))
    add('register case keys', request('POST', REG, body=b'{"NameSpace":"prod","SERVICE":"company.trade.order.order-center.worker","instanceid":"w1","Endpoints":[{"PROTOCOL":"http","Host":"h","pOrt":1}],"leaseTTLseconds":900}'))
    add('heartbeat i1', request('POST', HB, body=b'{"namespace":"prod","service":"company.trade.order.order-center.api","instanceId":"i1"}'))
    add('heartbeat ttl', request('POST', HB, body=b'{"namespace":"prod","service":"company.trade.order.order-center.api","instanceId":"i1","leaseTtlSeconds":1200}'))
    add('heartbeat missing', request('POST', HB, body=b'{"namespace":"prod","service":"company.trade.order.order-center.api","instanceId":"nope"}'))
    add('heartbeat ttl<0 missing', request('POST', HB, body=b'{"namespace":"prod","service":"s","instanceId":"nope","leaseTtlSeconds":-5}'))
    add('deregister missing', request('POST', DEREG, body=b'{"namespace":"prod","service":"x","instanceId":"nope"}'))
    # --- queries
    qs = ['', 'namespace=', 'namespace=prod', 'namespace=+prod+', 'namespace=prod;x=1', 'namespace=%zz', 'namespace=staging',
          'namespace=prod&service=company.trade.order.order-center.api',
          'namespace=prod&service=plain-svc', 'namespace=prod&service=&service=plain-svc',
          'namespace=prod&service=plain-svc&service=company.trade.order.order-center.api',
          'namespace=prod&servicePrefix=company.trade', 'namespace=prod&servicePrefix=company.trade.c&servicePrefix=plain',
          'namespace=prod&organization=company', 'namespace=prod&organization=company&businessDomain=trade&capabilityDomain=cart',
          'namespace=prod&businessDomain=trade', 'namespace=prod&organization=a&capabilityDomain=c',
          'namespace=prod&service=a.b.c.d.e&organization=x', 'namespace=prod&service=a.b.c.d.e&organization=a',
          'namespace=prod&organization=company&businessDomain=trade&capabilityDomain=order&application=order-center&role=api',
          'namespace=prod&zone=az1', 'namespace=prod&endpoint=grpc', 'namespace=prod&endpoint=http',
          'namespace=prod&limit=1', 'namespace=prod&limit=0', 'namespace=prod&limit=', 'namespace=prod&limit=%205',
          'namespace=prod&limit=-1', 'namespace=prod&limit=abc', 'namespace=prod&limit=99999999999999999999',
          'namespace=prod&limit=%2B2', 'namespace=prod&limit=1x',
          'namespace=prod&selector=color', 'namespace=prod&selector=!color', 'namespace=prod&selector=color%3Dgray',
          'namespace=prod&selector=color==gray', 'namespace=prod&selector=color!%3Dgray', 'namespace=prod&selector=version+in+(v2,v3)',
          'namespace=prod&selector=version+notin+(v2)', 'namespace=prod&selector=version+in+v2', 'namespace=prod&selector=a%3Db,,c',
          'namespace=prod&selector=(a', 'namespace=prod&selector=a)', 'namespace=prod&selector=%3Db', 'namespace=prod&selector=a%3D',
          'namespace=prod&selector=!', 'namespace=prod&selector=+in+(a)', 'namespace=prod&selector=a+in+()', 'namespace=prod&selector=a+in+(x,,y)',
          'namespace=prod&selector=a%3D!%3Db', 'namespace=prod&selector=A+IN+(b)', 'namespace=prod&selector=,',
          'namespace=prod&selector=color%3Dgray&selector=version', 'namespace=prod&label=color%3Dgray', 'namespace=prod&label=color',
          'namespace=prod&label=%3Dx', 'namespace=prod&label=x%3D', 'namespace=prod&label=color&selector=(',
          'namespace=prod&limit=x&selector=(&organization=a&role=b', 'limit=x&namespace=', 'namespace=prod&selector=%22q%22%3D%C3%A9%E2%80%A8',
          'namespace=prod&selector=z%3D%3C%26%3E', 'namespace=prod&selector=%FF%3D', 'namespace=prod&selector=%C3%28+in+v',
          'namespace=prod&label=%E2%82', 'namespace=%FF&service=a.b.c.d.e&organization=%FE',
          'namespace=prod&limit=%FF', 'namespace=%FF', 'namespace=prod&selector=x+%C4%B0n+(a)',
          'namespace=prod&selector=%E2%84%AA+in+(a)', 'namespace=prod&selector=color+%C4%B0N+(a)']
    for qv in qs:
        add('query ' + qv, request('GET', Q + '?' + qv))
    # --- watch errors and streams
    ws = ['', 'namespace=prod&limit=x', 'namespace=prod&callerNamespace=a', 'namespace=prod&callerService=a.b.c.d.e&callerOrganization=x',
          'namespace=prod&sinceRevision=x', 'namespace=prod&sinceRevision=-1', 'namespace=prod&sinceRevision=+1',
          'namespace=prod&sinceRevision=99999999999999999999', 'namespace=prod&includeSnapshot=x', 'namespace=prod&includeSnapshot=yes',
          'namespace=prod&sinceRevision=x&includeSnapshot=x&callerRole=r',
          'namespace=prod', 'namespace=prod&includeSnapshot=false&sinceRevision=0', 'namespace=prod&service=plain-svc',
          'namespace=prod&organization=company&businessDomain=trade&capabilityDomain=cart&application=cart-service&role=api',
          'namespace=prod&selector=color', 'namespace=prod&endpoint=grpc&limit=1', 'namespace=prod&sinceRevision=1&includeSnapshot=false',
          'namespace=prod&sinceRevision=1', 'namespace=prod&sinceRevision=99999&includeSnapshot=false', 'namespace=prod&includeSnapshot=F',
          'namespace=prod&sinceRevision=4', 'namespace=staging&sinceRevision=3', 'namespace=prod&sinceRevision=5&selector=version',
          'namespace=prod&sinceRevision=%FF', 'namespace=prod&service=%FF&includeSnapshot=true', 'namespace=prod&callerService=%FF&callerRole=x']
    for wv in ws:
        add('watch ' + wv, request('GET', W + '?' + wv))
    add('watch caller header', request('GET', W + '?namespace=prod&includeSnapshot=false', headers=['X-StellMap-Caller-Namespace: a']))
    add('watch caller header2', request('GET', W + '?namespace=prod&includeSnapshot=false', headers=['X-Caller-Service: a.b.c.d.e', 'X-Caller-Organization: z']))
    add('watch caller header3', request('GET', W + '?namespace=prod&includeSnapshot=false&callerService=q', headers=['X-StellMap-Caller-Service: a.b.c.d.e', 'X-StellMap-Caller-Organization: z']))
    # --- service discovery
    for sv, hdr in [('', []), ('', ['Authorization: Bearer nope']), ('', ['Authorization: Bearer stellmap']),
                    ('', ['Authorization:  Bearer stellmap  ']), ('service=x', ['Authorization: Bearer stellmap']),
                    ('scope=all', ['Authorization: Bearer stellmap']), ('includeSelf=maybe', ['Authorization: Bearer stellmap']),
                    ('selector=(', ['Authorization: Bearer stellmap']), ('endpoint=http&namespace=prod', ['Authorization: Bearer stellmap']),
                    ('endpoint=grpc', ['Authorization: Bearer stellmap']), ('namespace=prod&selector=color', ['Authorization: Bearer stellmap']),
                    ('scope=merged&endpoint=http', ['Authorization: Bearer stellmap'])]:
        add('sd ' + sv + ' ' + ' '.join(hdr), request('GET', SD + '?' + sv, headers=hdr))
    # --- followers
    add('follower register valid', request('POST', REG, body=reg(iid='f1')), 1)
    add('follower register invalid', request('POST', REG, body=b'{"foo":1}'), 1)
    add('follower register invalid2', request('POST', REG, body=b'{"service":"s"}'), 1)
    add('follower heartbeat missing', request('POST', HB, body=b'{"namespace":"prod","service":"s","instanceId":"nope"}'), 1)
    add('follower heartbeat ttl<0', request('POST', HB, body=b'{"namespace":"prod","service":"s","instanceId":"nope","leaseTtlSeconds":-1}'), 1)
    add('follower deregister', request('POST', DEREG, body=b'{"namespace":"prod","service":"s","instanceId":"x"}'), 1)
    add('follower healthz', request('GET', '/healthz'), 1)
    add('follower readyz', request('GET', '/readyz'), 1)
    add('follower query', request('GET', Q + '?namespace=prod'), 1)
    add('follower watch', request('GET', W + '?namespace=prod&service=plain-svc'), 1)
    # --- deletes and final state
    add('deregister i2', request('POST', DEREG, body=b'{"namespace":"prod","service":"company.trade.order.order-center.api","instanceId":"i2"}'))
    add('watch replay after delete', request('GET', W + '?namespace=prod&sinceRevision=3'))
    add('final query', request('GET', Q + '?namespace=prod'))
    return c


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--reference', required=True)
    parser.add_argument('--candidate', required=True)
    parser.add_argument('--verbose', action='store_true')
    args = parser.parse_args()
    ref_nodes = args.reference.split(',')
    cand_nodes = args.candidate.split(',')
    failures = 0
    total = 0
    for name, raw, node in cases():
        total += 1
        a = normalize(send(ref_nodes[node], raw))
        b = normalize(send(cand_nodes[node], raw), list(zip(cand_nodes, ref_nodes)))
        if a != b:
            failures += 1
            print(f'DIFF {name}')
            print(f'  reference: {a[0]} {a[1]}\n             {a[2][:600]!r}')
            print(f'  candidate: {b[0]} {b[1]}\n             {b[2][:600]!r}')
        elif args.verbose:
            print(f'same {name}: {a[0]}')
    print(f'{total - failures}/{total} answers identical')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
