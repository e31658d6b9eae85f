#!/usr/bin/python3
"""The seed's SQLAlchemy program (shared/seed/sqlalchemy-async-cheatsheet.ru.md), run by
tst_interop.cpp on SQLite files that Quarry reads afterwards or wrote before:

    seed_program.py create DB   create_all, then SEED_USERS and their posts
    seed_program.py dump DB     prints the users, each with its posts' titles, as JSON
    seed_program.py check DB --rename USER_ID NEW_NAME --delete USER_ID --add NAME AGE
                                dump, then the seed's update_user_name, delete_user and add_user

The models, the engine, the session factory and the functions are the seed's, unchanged but for
the URL, which comes from the command line. Needs SQLAlchemy 1.4 and aiosqlite (Debian's
python3-sqlalchemy and python3-aiosqlite). JSON goes to stdout, errors to stderr; a failure
exits non-zero.
"""

import argparse
import asyncio
import json
import sys

from sqlalchemy import Column, ForeignKey, Integer, String, select
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import declarative_base, relationship, sessionmaker

Base = declarative_base()


class User(Base):
    __tablename__ = 'users'
    id = Column(Integer, primary_key=True)
    name = Column(String)
    age = Column(Integer)
    posts = relationship("Post", back_populates="user")

    def to_dict(self):
        return {"id": self.id, "name": self.name, "age": self.age}


class Post(Base):
    __tablename__ = 'posts'
    id = Column(Integer, primary_key=True)
    title = Column(String)
    user_id = Column(Integer, ForeignKey("users.id"))
    user = relationship("User", back_populates="posts")


# What `create` writes; tst_interop.cpp expects exactly this. The last post belongs to nobody, so
# a NULL foreign key crosses over too.
SEED_USERS = [
    ("Смитти", 30, ["Привет, мир", "Шпаргалка по SQLAlchemy"]),
    ("Ada", 36, ["Notes on the Analytical Engine"]),
    ("Аноним", None, []),
]
ORPHAN_POST = "Ничей пост"

# The seed makes these at import time from a fixed URL; here the file is an argument.
engine = None
async_session = None


def connect(path):
    global engine, async_session
    # echo stays off: the echo log would go to stdout, where the JSON goes.
    engine = create_async_engine("sqlite+aiosqlite:///" + path)
    # async_sessionmaker arrived in SQLAlchemy 2.0; the seed's own spelling works on 1.4 and 2.0.
    async_session = sessionmaker(bind=engine, class_=AsyncSession, expire_on_commit=False)


async def create_all_tables():
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)


async def add_user(name: str, age: int):
    async with async_session() as session:
        session.add(User(name=name, age=age))
        await session.commit()


async def update_user_name(user_id: int, new_name: str):
    async with async_session() as session:
        result = await session.execute(select(User).where(User.id == user_id))
        user = result.scalar_one_or_none()
        if user:
            user.name = new_name
            await session.commit()


async def delete_user(user_id: int):
    async with async_session() as session:
        result = await session.execute(select(User).where(User.id == user_id))
        user = result.scalar_one_or_none()
        if user:
            await session.delete(user)
            await session.commit()


async def get_user_posts(user_id: int):
    async with async_session() as session:
        result = await session.execute(select(Post).where(Post.user_id == user_id))
        return result.scalars().all()


async def create():
    await create_all_tables()
    async with async_session() as session:
        users = []
        for name, age, titles in SEED_USERS:
            user = User(name=name, age=age)
            users.append(user)
            # Both sides of back_populates: the first post names its user, the others are
            # appended to the user's collection. Either way the post joins the user's posts and
            # the unit of work fills in posts.user_id.
            for index, title in enumerate(titles):
                if index == 0:
                    Post(title=title, user=user)
                else:
                    user.posts.append(Post(title=title))
        # The posts come along through the relationship's save-update cascade; adding the users
        # first keeps their ids in SEED_USERS order.
        session.add_all(users)
        session.add(Post(title=ORPHAN_POST))
        await session.commit()


async def dump():
    async with async_session() as session:
        result = await session.execute(select(User))
        users = result.scalars().all()
    listing = []
    for user in users:
        entry = user.to_dict()
        entry["posts"] = [post.title for post in await get_user_posts(user.id)]
        listing.append(entry)
    sys.stdout.write(json.dumps({"users": listing}, ensure_ascii=False) + "\n")
    sys.stdout.flush()


async def check(rename, delete, add):
    await dump()
    await update_user_name(int(rename[0]), rename[1])
    await delete_user(delete)
    await add_user(add[0], int(add[1]))


async def main(arguments):
    connect(arguments.db)
    try:
        if arguments.command == "create":
            await create()
        elif arguments.command == "dump":
            await dump()
        else:
            await check(arguments.rename, arguments.delete, arguments.add)
    finally:
        # aiosqlite runs each connection on a thread of its own; closing them lets the
        # interpreter exit at once.
        await engine.dispose()


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("create").add_argument("db")
    commands.add_parser("dump").add_argument("db")
    check_parser = commands.add_parser("check")
    check_parser.add_argument("db")
    check_parser.add_argument("--rename", nargs=2, metavar=("USER_ID", "NEW_NAME"), required=True)
    check_parser.add_argument("--delete", type=int, metavar="USER_ID", required=True)
    check_parser.add_argument("--add", nargs=2, metavar=("NAME", "AGE"), required=True)
    return parser.parse_args(argv)


if __name__ == "__main__":
    # The JSON carries Cyrillic names: UTF-8 whatever the locale of the calling process.
    sys.stdout.reconfigure(encoding="utf-8")
    asyncio.run(main(parse(sys.argv[1:])))
