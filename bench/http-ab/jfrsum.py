import json, subprocess, sys, collections
f = sys.argv[1]; ev = sys.argv[2] if len(sys.argv) > 2 else 'jdk.ExecutionSample'
depth = int(sys.argv[3]) if len(sys.argv) > 3 else 1
out = subprocess.run(['jfr', 'print', '--json', '--stack-depth', '64', '--events', ev, f], capture_output=True, text=True).stdout
data = json.loads(out)
events = data['recording']['events']
top = collections.Counter(); incl = collections.Counter(); total = 0
for e in events:
    w = e['values'].get('weight', 1) if ev.endswith('AllocationSample') else 1
    st = e['values'].get('stackTrace')
    if not st: continue
    frames = [fr['method']['type']['name'] + '.' + fr['method']['name'] for fr in st['frames']]
    total += w
    if ev.endswith('AllocationSample'):
        top[e['values']['objectClass']['name'] + ' @ ' + ' < '.join(frames[:depth])] += w
    else:
        top[' < '.join(frames[:depth])] += w
    for fr in set(frames): incl[fr] += w
print('total', total)
print('--- top (self)')
for k, v in top.most_common(40): print(f'{100*v/total:5.1f}% {k}')
print('--- inclusive (familiar/jetty/javalin/jackson/logback/micrometer)')
for k, v in incl.most_common(400):
    if any(s in k for s in ('familiar', 'javalin', 'micrometer', 'slf4j', 'logback', 'jackson', 'UUID', 'Instant', 'MDC')):
        print(f'{100*v/total:5.1f}% {k}')
