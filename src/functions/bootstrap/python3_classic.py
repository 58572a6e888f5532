# coldstart's stand-in for the classic python3 template's index.py: all of stdin
# as a string into handle(req); a result other than None is printed to stdout.
# The handler folder is the working directory, so `import handler` finds it; no
# __pycache__ is written there, as the dev server watches the source folder.
import sys
sys.dont_write_bytecode = True
sys.path.insert(0, ".")
import handler

ret = handler.handle(sys.stdin.read())
if ret is not None:
    print(ret)
