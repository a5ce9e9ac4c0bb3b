package io.tollgate.admin.api;

import jakarta.enterprise.context.RequestScoped;

import io.tollgate.admin.Administrator;

/** The administrator the access check admitted for this request; read by every resource. */
@RequestScoped
public class ApiCaller {

    private Administrator administrator;

    void admit(Administrator admitted) {
        this.administrator = admitted;
    }

    /** The admitted administrator; a request that was not checked is refused, never served. */
    Administrator administrator() {
        if (administrator == null) {
            throw ApiFailure.unauthenticated();
        }
        return administrator;
    }
}
