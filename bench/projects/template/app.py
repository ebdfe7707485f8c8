# coding: utf-8
"""The Flask application: a few pages, a JSON endpoint and a websocket echo."""
import sys
from datetime import datetime

from flask import Flask, jsonify, render_template
from flask_sockets import Sockets

from views.todos import todos_view

app = Flask(__name__)
sockets = Sockets(app)

app.register_blueprint(todos_view, url_prefix='/todos')


class UpstreamError(Exception):
    status_code = 502

    def __init__(self, message, status_code=None):
        Exception.__init__(self)
        self.message = message
        if status_code is not None:
            self.status_code = status_code


@app.errorhandler(UpstreamError)
def upstream_error(error):
    response = jsonify(message=error.message)
    response.status_code = error.status_code
    return response


@app.route('/')
def home():
    return render_template('index.html')


@app.route('/now')
def now():
    return datetime.now().isoformat()


@app.route('/api/runtime')
def runtime():
    return jsonify({'python': sys.version})


@sockets.route('/echo')
def echo(ws):
    while not ws.closed:
        ws.send(ws.receive())
