// The header's menu on a narrow screen: the button shows and hides it, aria-expanded says which. Without this script
// the button stays hidden and the whole menu is shown, wrapped. Open drop-downs close on a click elsewhere or Escape.
(function () {
    var header = document.getElementById('top');
    var button = document.getElementById('menu-button');
    if (!header || !button) return;
    header.classList.add('collapsible');
    button.hidden = false;
    button.addEventListener('click', function () {
        var open = button.getAttribute('aria-expanded') !== 'true';
        button.setAttribute('aria-expanded', String(open));
        header.classList.toggle('open', open);
    });
    function closeDropdowns(except) {
        header.querySelectorAll('details.dropdown[open]').forEach(function (d) { if (d !== except) d.open = false; });
    }
    document.addEventListener('click', function (e) {
        var inside = e.target.closest ? e.target.closest('details.dropdown') : null;
        closeDropdowns(inside);
    });
    document.addEventListener('keydown', function (e) {
        if (e.key === 'Escape') closeDropdowns(null);
    });
})();
