// Print buttons: the page's own print CSS leaves out the navigation and the forms.
document.querySelectorAll('[data-print]').forEach(button => button.addEventListener('click', () => window.print()));
