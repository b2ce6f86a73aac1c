import React from 'react';
import { Route, Routes } from 'react-router-dom';
import type { AppRootProps } from '@grafana/data';
import { ROUTES } from '../../constants';

const AlertsPage = React.lazy(() => import('../../pages/AlertsPage'));

function App(_props: AppRootProps) {
  return (
    <Routes>
      <Route path={ROUTES.Alerts} element={<AlertsPage />} />
      <Route path="*" element={<AlertsPage />} />
    </Routes>
  );
}

export default App;
