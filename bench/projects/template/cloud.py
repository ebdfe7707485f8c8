# coding: utf-8
"""Cloud functions and hooks served by the LeanEngine SDK."""

from leancloud import Engine, LeanEngineError

engine = Engine()


@engine.define
def greet(**params):
    who = params.get('name') or 'LeanEngine'
    return 'Hi, {}!'.format(who)


@engine.before_save('Todo')
def check_todo(todo):
    text = todo.get('content')
    if not text:
        raise LeanEngineError('A todo needs some content')
    if len(text) > 200:
        todo.set('content', text[:200])
