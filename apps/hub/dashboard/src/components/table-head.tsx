import { useTranslation } from 'react-i18next';

/** A table's header row: a column header per name, then a visually hidden "Actions" header when rows have buttons. */
export function TableHead({ columns, actions = false }: { columns: readonly string[]; actions?: boolean }) {
  const { t } = useTranslation();
  return (
    <thead>
      <tr>
        {columns.map((column) => (
          <th key={column} scope="col">
            {column}
          </th>
        ))}
        {actions && (
          <th scope="col">
            <span className="visually-hidden">{t('settings.tableHead.actions')}</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
