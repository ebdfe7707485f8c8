# coding: utf-8
"""A small todo list stored in LeanCloud's data storage."""

from flask import Blueprint, redirect, render_template, request, url_for
from leancloud import LeanCloudError, Object, Query


class Todo(Object):
    pass


todos_view = Blueprint('todos', __name__)


@todos_view.route('')
def list_todos():
    try:
        todos = Query(Todo).descending('createdAt').limit(50).find()
    except LeanCloudError as error:
        if error.code != 101:  # 101: the class has no rows yet
            raise
        todos = []
    return render_template('todos.html', todos=todos)


@todos_view.route('', methods=['POST'])
def add_todo():
    todo = Todo(content=request.form['content'])
    try:
        todo.save()
    except LeanCloudError as error:
        return error.error, 502
    return redirect(url_for('todos.list_todos'))
