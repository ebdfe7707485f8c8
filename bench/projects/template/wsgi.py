# -*- coding: utf-8 -*-
"""Entry point the platform imports: patch the standard library for gevent
first, then build the WSGI callable named `application`."""

from gevent import monkey
monkey.patch_all()

import os

import leancloud

from app import app
from cloud import engine

APP_ID = os.environ['LEANCLOUD_APP_ID']
APP_KEY = os.environ['LEANCLOUD_APP_KEY']
MASTER_KEY = os.environ['LEANCLOUD_APP_MASTER_KEY']
PORT = int(os.environ['LEANCLOUD_APP_PORT'])

leancloud.init(APP_ID, app_key=APP_KEY, master_key=MASTER_KEY)
leancloud.use_master_key(False)

app = engine.wrap(app)
application = app

if __name__ == '__main__':
    from gevent.pywsgi import WSGIServer
    from geventwebsocket.handler import WebSocketHandler

    env = os.environ['LEANCLOUD_APP_ENV']
    if env == 'production':
        server = WSGIServer(('0.0.0.0', PORT), application, log=None,
                            handler_class=WebSocketHandler)
        server.serve_forever()
    else:
        from werkzeug.debug import DebuggedApplication
        from werkzeug.serving import run_with_reloader

        app.debug = True
        application = DebuggedApplication(application, evalex=True)
        host = 'localhost' if env == 'development' else '0.0.0.0'
        server = WSGIServer((host, PORT), application, handler_class=WebSocketHandler)
        run_with_reloader(server.serve_forever)
