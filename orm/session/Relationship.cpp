#include "Relationship.h"

#include "ModelInfo.h"

#include "../engine/Error.h"

using namespace Qt::StringLiterals;

namespace orm::detail {

void linkAppended(const RelationshipInfo &collection, const std::shared_ptr<void> &parent,
                  const std::shared_ptr<void> &child)
{
    const RelationshipInfo *back = collection.back();
    if (!back)
        return;
    // The child leaves its old parent's collection, as SQLAlchemy's backref handlers do.
    for (const std::shared_ptr<void> &old : back->items(child.get()))
        if (old != parent && collection.isLoaded(old.get()))
            collection.take(old.get(), child.get());
    // The parent's collection holds the child now, so the child holds its parent weakly; bound,
    // the child's side follows later assignments too, before the session has seen the child.
    back->load(child.get(), {parent}, true);
    back->bind(child.get(), child, back);
}

void linkAssigned(const RelationshipInfo &one, const std::shared_ptr<void> &child,
                  const std::shared_ptr<void> &old, const std::shared_ptr<void> &target)
{
    const RelationshipInfo *collection = one.back();
    if (!collection)
        return;
    if (old && old != target && collection->isLoaded(old.get()))
        collection->take(old.get(), child.get());
    if (target && collection->isLoaded(target.get())) {
        if (!collection->holds(target.get(), child.get()))
            collection->insert(target.get(), child);
        one.load(child.get(), {target}, true);
        collection->bind(target.get(), target, collection);
    }
}

void appended(const RelationshipBinding &binding, const std::shared_ptr<void> &item)
{
    if (const std::shared_ptr<void> parent = binding.owner.lock(); parent && binding.info)
        linkAppended(*binding.info, parent, item);
}

void removed(const RelationshipBinding &binding, const std::shared_ptr<void> &item)
{
    const std::shared_ptr<void> parent = binding.owner.lock();
    const RelationshipInfo *back = binding.info ? binding.info->back() : nullptr;
    if (parent && back && back->holds(item.get(), parent.get()))
        back->load(item.get(), {}, false);
}

void assigned(const RelationshipBinding &binding, const std::shared_ptr<void> &old,
              const std::shared_ptr<void> &target)
{
    if (const std::shared_ptr<void> child = binding.owner.lock(); child && binding.info)
        linkAssigned(*binding.info, child, old, target);
}

void throwNotLoaded(const RelationshipBinding &binding)
{
    const QString name = binding.info ? binding.info->qualifiedName() : u"This relationship"_s;
    throw NotLoadedError(u"%1 is not loaded (there is no lazy loading): load it with "
                         u"select(...).options(selectinLoad(...)) or session.refresh(object, "
                         u"selectinLoad(...))"_s.arg(name));
}

void throwReleased(const RelationshipBinding &binding)
{
    const QString name = binding.info ? binding.info->qualifiedName() : u"This relationship"_s;
    throw NotLoadedError(u"%1 pointed at an object that nothing holds any more: a child holds "
                         u"its parent weakly while the parent's collection holds the child, so "
                         u"keep the parent (or the session) alive"_s.arg(name));
}

} // namespace orm::detail
