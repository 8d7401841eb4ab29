def test_start_page_lists_no_processes_on_empty_database(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Det finns inga publicerade processer ännu." in response.get_data(as_text=True)
